/* lsp_features.h - the request handlers of kam lsp's features, each in
 * its own file (lib/lsp_*.c), and the capability each announces. The
 * table that maps methods to them is in lib/lsp.c. Private. */
#ifndef KAM_LSP_FEATURES_H
#define KAM_LSP_FEATURES_H

#include <jansson.h>

#include "lsp_server.h"

#endif
