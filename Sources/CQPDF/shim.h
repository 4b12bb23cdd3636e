// libqpdf's C interfaces (Debian libqpdf-dev 11.3): the object API for reading a document's pages, the job API for
// the one pass that writes the stamped copy, and the logger that captures qpdf's messages.
#include <qpdf/qpdf-c.h>
#include <qpdf/qpdfjob-c.h>
#include <qpdf/qpdflogger-c.h>
