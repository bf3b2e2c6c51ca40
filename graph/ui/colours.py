"""The app's colours, in a module without Streamlit so pure renderers can share them.

Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
"""

STATUS_COLOURS = {
    "direct": "#0072B2",
    "inherited": "#56B4E9",
    "no-mapping": "#E69F00",
    "unmapped": "#D55E00",
}
FRAMEWORK_COLOURS = {
    "standard": "#000000",
    "highfield": "#0072B2",
    "ncfe": "#E69F00",
    "cityguilds": "#009E73",
    "highfield-textbook": "#56B4E9",
    "highfield-workbook": "#56B4E9",
    "highfield-activities": "#56B4E9",
    "cityguilds-manual": "#CC79A7",
    "epa": "#F0E442",
}

# The coverage map: one Okabe-Ito colour per framework family (a qualification and the
# resources and assessment of its publisher), in this order; the standard in black. The
# resources of one family share its colour and are told apart by shape, never by shade.
FAMILY_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442")
STANDARD_COLOUR = "#000000"
MAP_GREY = "#999999"  # hierarchy edges, and any family past the palette

# The heatmap's one sequential scale (ColorBrewer's nine "Blues", light to dark: readable with
# the common colour-vision deficiencies), for a share from 0 to 1, evenly spaced stops; cell
# text turns white from DARK_FROM.
SHARE_STOPS = ("#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5",
               "#08519c", "#08306b")
DARK_FROM = 0.6
