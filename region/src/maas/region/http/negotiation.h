#pragma once

#include <string>
#include <string_view>

#include "maas/region/http/message.h"

namespace maas::region::http {

/// Conditional requests and compression of successful GET bodies (pure; fuzzed).
///
/// Every 200 answer to a GET or HEAD with a body gets a strong ETag of its bytes; a request whose
/// If-None-Match names it (weak comparison, `*` too) gets 304 with no body. A client that accepts
/// gzip (Accept-Encoding, q-values honoured, `gzip;q=0` refuses it) gets the body gzipped when it
/// is at least kMinGzipBytes, with its own ETag (the identity tag + "-gzip") and
/// `Vary: Accept-Encoding`. Headers that cannot be read are treated as absent: a malformed
/// If-None-Match matches nothing, an unreadable Accept-Encoding asks for no compression.

constexpr size_t kMinGzipBytes = 1024;

/// The strong entity tag of a body, quoted: its length and two checksums of it.
std::string entityTag(std::string_view body);

/// Whether an If-None-Match value names tag (or is `*`), comparing weakly (W/ ignored).
bool noneMatchNames(std::string_view if_none_match, std::string_view tag);

/// Whether an Accept-Encoding value accepts gzip (gzip or x-gzip with q > 0, else `*` with
/// q > 0 unless gzip is refused by name).
bool acceptsGzip(std::string_view accept_encoding);

/// A gzip member of data (zlib, fastest level: list bodies are sent once per poll).
std::string gzip(std::string_view data);

/// Applies the above to one response, given the request's method and headers.
void negotiate(Response& response, std::string_view method, std::string_view if_none_match,
               std::string_view accept_encoding);

}  // namespace maas::region::http
