"""KSB Crosswalk: a knowledge-graph crosswalk of UK apprenticeship curricula."""
