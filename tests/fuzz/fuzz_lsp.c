/* libFuzzer: kam lsp's reading of a client's bytes (framing, JSON-RPC,
 * life cycle, documents). The input is the whole stream from the client;
 * the server must end when it ends, whatever it held, without a crash, a
 * leak or a loop (a timeout). A small message limit reaches the
 * oversized-message path with small inputs. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "kam/lsp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *in = tmpfile();
	int out = open("/dev/null", O_WRONLY);
	if (!in || out < 0 || fwrite(data, 1, size, in) != size || fflush(in) != 0)
		return 0;
	rewind(in);
	kam_lsp_options options = {.today = "2026-11-20", .max_message = 4096};
	int status = kam_lsp_serve(fileno(in), out, &options);
	if (status != 0 && status != 1)
		__builtin_trap();
	fclose(in);
	close(out);
	return 0;
}
