#include "corpus/gzip_reader.h"

#include <zlib.h>

#include "common/errors.h"

namespace hullft {

bool looksGzipped(const std::string& bytes) {
    return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
           static_cast<unsigned char>(bytes[1]) == 0x8b;
}

std::string gunzip(const std::string& compressed, const std::string& source) {
    z_stream stream{};
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) throw Error("zlib: cannot initialise inflate");
    std::string out;
    char buffer[1 << 16];
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    stream.avail_in = static_cast<uInt>(compressed.size());
    int status = Z_OK;
    while (true) {
        stream.next_out = reinterpret_cast<Bytef*>(buffer);
        stream.avail_out = sizeof buffer;
        status = inflate(&stream, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - stream.avail_out);
        if (status == Z_STREAM_END) {
            if (stream.avail_in == 0) break;
            inflateReset(&stream);  // next gzip member
            continue;
        }
        if (status != Z_OK) break;
    }
    const std::string message = stream.msg ? stream.msg : "truncated or corrupt data";
    inflateEnd(&stream);
    if (status != Z_STREAM_END) throw InputError(source, "gzip: " + message);
    return out;
}

}  // namespace hullft
