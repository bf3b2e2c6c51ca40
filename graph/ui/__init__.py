"""What the Streamlit app shows, computed once per build, and its small widgets."""
