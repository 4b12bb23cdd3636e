// HarfBuzz (Debian libharfbuzz-dev 6.0): glyph lookup and metrics, and hb-subset for embedding only the glyphs used.
#include <hb.h>
#include <hb-ot.h>
#include <hb-subset.h>
