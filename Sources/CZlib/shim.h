// zlib (Debian zlib1g-dev): gzip streams for .csv.gz traces.
#include <zlib.h>

// deflateInit2/inflateInit2 are macros (they pass the library version and struct size): wrap them.
static inline int czlib_inflate_init_gzip(z_stream *s) {
    // 15 + 16: a gzip wrapper (not zlib or raw deflate), 32 KB window.
    return inflateInit2(s, 15 + 16);
}

static inline int czlib_deflate_init_gzip(z_stream *s, int level) {
    return deflateInit2(s, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}
