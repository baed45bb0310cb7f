#include "maas/region/http/negotiation.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <optional>
#include <stdexcept>

#include "maas/region/http/request_parser.h"

namespace maas::region::http {

namespace {

constexpr std::string_view kGzipSuffix = "-gzip";

bool equalsNoCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i) {
        const auto x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
        if (std::tolower(x) != std::tolower(y))
            return false;
    }
    return true;
}

/// The q-value of one Accept-Encoding element's parameters ("; q=0.5"): 1 when absent, -1 when
/// unreadable (RFC 9110: at most three decimals, 0 to 1).
double qValue(std::string_view params) {
    double q = 1;
    while (!params.empty()) {
        const auto semi = params.find(';');
        const auto param = trimWhitespace(params.substr(0, semi));
        params = semi == std::string_view::npos ? std::string_view{} : params.substr(semi + 1);
        if (param.size() < 2 || (param[0] != 'q' && param[0] != 'Q') || param[1] != '=')
            continue;  // another parameter: ignored
        const auto v = param.substr(2);
        if (v.empty() || v.size() > 5 || (v[0] != '0' && v[0] != '1'))
            return -1;
        if (v.size() > 1 && (v[1] != '.' || v.size() == 2))
            return -1;
        double fraction = 0, scale = 0.1;
        for (size_t i = 2; i < v.size(); ++i, scale /= 10) {
            if (v[i] < '0' || v[i] > '9')
                return -1;
            fraction += (v[i] - '0') * scale;
        }
        q = (v[0] - '0') + fraction;
        if (q > 1)
            return -1;
    }
    return q;
}

}  // namespace

std::string entityTag(std::string_view body) {
    const auto* bytes = reinterpret_cast<const Bytef*>(body.data());
    uLong crc = crc32(0L, Z_NULL, 0), adler = adler32(0L, Z_NULL, 0);
    for (size_t done = 0; done < body.size();) {  // zlib takes uInt lengths
        const auto n = static_cast<uInt>(std::min<size_t>(body.size() - done, 1u << 30));
        crc = crc32(crc, bytes + done, n);
        adler = adler32(adler, bytes + done, n);
        done += n;
    }
    char tag[64];
    std::snprintf(tag, sizeof tag, "\"%zx-%08lx%08lx\"", body.size(), crc, adler);
    return tag;
}

bool noneMatchNames(std::string_view header, std::string_view tag) {
    // tag is quoted: compare the opaque part, so `W/"x"` and `"x"` both name `"x"`.
    while (!header.empty()) {
        const auto comma = header.find(',');
        auto item = trimWhitespace(header.substr(0, comma));
        header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
        if (item == "*")
            return true;
        if (item.starts_with("W/"))
            item.remove_prefix(2);
        if (item == tag)
            return true;
    }
    return false;
}

bool acceptsGzip(std::string_view header) {
    std::optional<double> gzip_q, any_q;
    while (!header.empty()) {
        const auto comma = header.find(',');
        const auto item = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
        const auto semi = item.find(';');
        const auto coding = trimWhitespace(item.substr(0, semi));
        const double q =
            qValue(semi == std::string_view::npos ? std::string_view{} : item.substr(semi + 1));
        if (equalsNoCase(coding, "gzip") || equalsNoCase(coding, "x-gzip"))
            gzip_q = std::max(gzip_q.value_or(-1), q);
        else if (coding == "*")
            any_q = std::max(any_q.value_or(-1), q);
    }
    if (gzip_q)
        return *gzip_q > 0;
    return any_q && *any_q > 0;
}

std::string gzip(std::string_view data) {
    z_stream z{};
    // 15 window bits + 16: a gzip header and trailer instead of zlib's.
    if (deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("deflateInit2 failed");
    std::string out(deflateBound(&z, data.size()) + 32, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    if (rc != Z_STREAM_END)
        throw std::runtime_error("deflate did not finish");
    return out;
}

void negotiate(Response& response, std::string_view method, std::string_view if_none_match,
               std::string_view accept_encoding) {
    if (response.negotiated || (method != "GET" && method != "HEAD") || response.status != 200 ||
        response.body.empty())
        return;
    // One body bigger than uInt (4 GiB) cannot be gzipped in one call; such a body is not sent.
    const bool compress =
        response.body.size() >= kMinGzipBytes && response.body.size() < (1ull << 31);
    const auto tag = entityTag(response.body);
    std::string gzip_tag = tag;
    gzip_tag.insert(gzip_tag.size() - 1, kGzipSuffix);
    if (compress)
        response.headers.emplace_back("Vary", "Accept-Encoding");
    if (!if_none_match.empty() &&
        (noneMatchNames(if_none_match, tag) || noneMatchNames(if_none_match, gzip_tag))) {
        const bool gz = compress && acceptsGzip(accept_encoding);
        response.status = 304;
        response.body.clear();
        response.headers.emplace_back("ETag", gz ? gzip_tag : tag);
        return;
    }
    if (compress && acceptsGzip(accept_encoding)) {
        response.body = gzip(response.body);
        response.headers.emplace_back("Content-Encoding", "gzip");
        response.headers.emplace_back("ETag", gzip_tag);
        return;
    }
    response.headers.emplace_back("ETag", tag);
}

}  // namespace maas::region::http
