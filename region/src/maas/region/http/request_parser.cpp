#include "maas/region/http/request_parser.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace maas::region::http {

namespace {

constexpr size_t kMaxChunkLine = 1024;
constexpr size_t kMaxTrailer = 4096;

std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool isToken(std::string_view text) {
    static constexpr std::string_view kExtra = "!#$%&'*+-.^_`|~";
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || kExtra.find(c) != kExtra.npos;
    });
}

// Field values may hold tabs and any visible byte (obs-text included), no other control.
bool isFieldValue(std::string_view text) {
    return std::none_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && u != '\t') || u == 0x7f;
    });
}

bool isTarget(std::string_view text) {
    return !text.empty() && std::none_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u <= 0x20 || u == 0x7f;
    });
}

const char* reason(int status) {
    switch (status) {
        case 100:
            return "Continue";
        case 200:
            return "OK";
        case 201:
            return "Created";
        case 204:
            return "No Content";
        case 302:
            return "Found";
        case 304:
            return "Not Modified";
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 409:
            return "Conflict";
        case 411:
            return "Length Required";
        case 413:
            return "Content Too Large";
        case 429:
            return "Too Many Requests";
        case 431:
            return "Request Header Fields Too Large";
        case 500:
            return "Internal Server Error";
        case 501:
            return "Not Implemented";
        case 503:
            return "Service Unavailable";
        case 505:
            return "HTTP Version Not Supported";
        default:
            return "Status";
    }
}

bool methodHasBody(std::string_view method) {
    return method == "POST" || method == "PUT" || method == "PATCH";
}

}  // namespace

std::string RequestHead::get(std::string_view name) const {
    for (const auto& [k, v] : headers)
        if (k == name)
            return v;
    return "";
}

bool RequestHead::has(std::string_view name) const {
    return std::any_of(headers.begin(), headers.end(),
                       [&](const auto& h) { return h.first == name; });
}

void RequestParser::fail(int status, std::string text) {
    state_ = State::Error;
    error_status_ = status;
    error_text_ = std::move(text);
}

size_t RequestParser::feed(std::string_view data) {
    size_t used = 0;
    if (state_ == State::Head)
        used += feedHead(data);
    if (state_ == State::Body && used < data.size())
        used += chunked_ ? feedChunked(data.substr(used)) : feedBody(data.substr(used));
    received_ += used;
    return used;
}

size_t RequestParser::feedHead(std::string_view data) {
    size_t skipped = 0;
    if (head_text_.empty()) {
        // Empty lines before a request line are ignored (RFC 9112 2.2), within the head budget.
        while (skipped < data.size() && (data[skipped] == '\r' || data[skipped] == '\n') &&
               received_ + skipped < limits_.max_head)
            ++skipped;
        data.remove_prefix(skipped);
    }
    const size_t before = head_text_.size();
    const size_t take = std::min(data.size(), limits_.max_head + 4 - before);
    head_text_.append(data.substr(0, take));
    const auto end = head_text_.find("\r\n\r\n", before >= 3 ? before - 3 : 0);
    if (end == std::string::npos) {
        if (head_text_.size() > limits_.max_head || received_ + skipped >= limits_.max_head)
            fail(431, "request head larger than " + std::to_string(limits_.max_head) + " bytes");
        return skipped + take;
    }
    head_text_.resize(end);
    const size_t used = skipped + end + 4 - before;
    if (!parseHead(head_text_))
        return used;

    const auto te = lower(trimWhitespace(head_.get("transfer-encoding")));
    const bool has_length = head_.has("content-length");
    if (head_.has("transfer-encoding")) {
        if (te != "chunked")
            fail(501, "Transfer-Encoding '" + te +
                          "' is not supported; use chunked or "
                          "Content-Length");
        else if (has_length)
            fail(400, "both Content-Length and Transfer-Encoding given");
        else {
            chunked_ = true;
            state_ = State::Body;
        }
        return used;
    }
    if (!has_length) {
        if (methodHasBody(head_.method))
            fail(411, head_.method + " needs a Content-Length header (or chunked encoding)");
        else
            state_ = State::Complete;
        return used;
    }
    std::string length_text;
    for (const auto& [k, v] : head_.headers) {
        if (k != "content-length")
            continue;
        const auto value = std::string(trimWhitespace(v));
        if (!length_text.empty() && value != length_text) {
            fail(400, "conflicting Content-Length headers");
            return used;
        }
        length_text = value;
    }
    const auto* first = length_text.data();
    const auto* last = first + length_text.size();
    uint64_t length = 0;
    const auto [ptr, ec] = std::from_chars(first, last, length);
    if (length_text.empty() || ec != std::errc() || ptr != last) {
        fail(400, "Content-Length is not a number");
    } else if (length > limits_.max_body) {
        fail(413,
             "Request body larger than " + std::to_string(limits_.max_body) + " bytes refused.");
    } else {
        content_length_ = static_cast<size_t>(length);
        state_ = content_length_ == 0 ? State::Complete : State::Body;
        body_.reserve(std::min<size_t>(content_length_, 65536));
    }
    return used;
}

bool RequestParser::parseHead(std::string_view text) {
    const auto line_end = text.find("\r\n");
    const auto request_line = text.substr(0, line_end);
    const auto sp1 = request_line.find(' ');
    const auto sp2 = sp1 == std::string_view::npos ? sp1 : request_line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || request_line.find(' ', sp2 + 1) != std::string::npos) {
        fail(400, "malformed request line");
        return false;
    }
    head_.method = std::string(request_line.substr(0, sp1));
    head_.target = std::string(request_line.substr(sp1 + 1, sp2 - sp1 - 1));
    const auto version = request_line.substr(sp2 + 1);
    if (!isToken(head_.method) || !isTarget(head_.target)) {
        fail(400, "malformed request line");
        return false;
    }
    if (version == "HTTP/1.1" || version == "HTTP/1.0") {
        head_.minor_version = version.back() - '0';
    } else {
        fail(version.starts_with("HTTP/") ? 505 : 400, "only HTTP/1.0 and HTTP/1.1 are served");
        return false;
    }
    size_t pos = line_end == std::string_view::npos ? text.size() : line_end + 2;
    while (pos < text.size()) {
        auto next = text.find("\r\n", pos);
        if (next == std::string_view::npos)
            next = text.size();
        const auto line = text.substr(pos, next - pos);
        pos = next + 2;
        const auto colon = line.find(':');
        if (colon == std::string_view::npos || !isToken(line.substr(0, colon))) {
            fail(400, "malformed header line");  // also a folded (obsolete) continuation
            return false;
        }
        const auto value = trimWhitespace(line.substr(colon + 1));
        if (!isFieldValue(value)) {
            fail(400, "control character in header " + std::string(line.substr(0, colon)));
            return false;
        }
        if (head_.headers.size() >= limits_.max_headers) {
            fail(431, "more than " + std::to_string(limits_.max_headers) + " headers");
            return false;
        }
        head_.headers.emplace_back(lower(line.substr(0, colon)), std::string(value));
    }
    return true;
}

size_t RequestParser::feedBody(std::string_view data) {
    const size_t take = std::min(data.size(), content_length_ - body_.size());
    body_.append(data.substr(0, take));
    if (body_.size() == content_length_)
        state_ = State::Complete;
    return take;
}

size_t RequestParser::feedChunked(std::string_view data) {
    size_t used = 0;
    while (used < data.size() && state_ == State::Body) {
        if (chunk_state_ == Chunk::Data) {
            const size_t take = std::min(chunk_left_, data.size() - used);
            body_.append(data.substr(used, take));
            used += take;
            chunk_left_ -= take;
            if (chunk_left_ == 0)
                chunk_state_ = Chunk::DataEnd;
            continue;
        }
        chunk_line_.push_back(data[used++]);
        if (chunk_state_ == Chunk::DataEnd) {
            if (chunk_line_.size() == 2) {
                if (chunk_line_ != "\r\n")
                    fail(400, "chunk data not followed by CRLF");
                chunk_line_.clear();
                chunk_state_ = Chunk::Size;
            }
            continue;
        }
        const size_t limit = chunk_state_ == Chunk::Size ? kMaxChunkLine : kMaxTrailer;
        if (chunk_line_.size() > limit) {
            fail(400, "chunk size line or trailer too long");
            break;
        }
        if (!chunk_line_.ends_with("\r\n"))
            continue;
        if (chunk_state_ == Chunk::Trailer) {
            // Trailer fields pile up (bounded) and are dropped; an empty line ends the request.
            if (chunk_line_ == "\r\n" || chunk_line_.ends_with("\r\n\r\n"))
                state_ = State::Complete;
            continue;
        }
        const std::string_view line(chunk_line_.data(), chunk_line_.size() - 2);
        const auto digits = trimWhitespace(line.substr(0, line.find(';')));
        uint64_t size = 0;
        const auto [ptr, ec] =
            std::from_chars(digits.data(), digits.data() + digits.size(), size, 16);
        if (digits.empty() || digits.size() > 8 || ec != std::errc() ||
            ptr != digits.data() + digits.size()) {
            fail(400, "malformed chunk size");
            break;
        }
        if (body_.size() + size > limits_.max_body) {
            fail(413, "Request body larger than " + std::to_string(limits_.max_body) +
                          " bytes refused.");
            break;
        }
        chunk_line_.clear();
        chunk_left_ = static_cast<size_t>(size);
        chunk_state_ = size == 0 ? Chunk::Trailer : Chunk::Data;
    }
    return used;
}

bool RequestParser::wantsContinue() const {
    return state_ == State::Body && body_.empty() && chunk_line_.empty() &&
           chunk_state_ == Chunk::Size &&
           lower(trimWhitespace(head_.get("expect"))) == "100-continue";
}

bool RequestParser::keepAlive() const {
    if (state_ == State::Error)
        return false;
    const auto connection = lower(head_.get("connection"));
    if (connection.find("close") != std::string::npos)
        return false;
    return head_.minor_version == 1 || connection.find("keep-alive") != std::string::npos;
}

std::string_view trimWhitespace(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

bool sendsBody(const Response& response, bool head_only) {
    return !head_only && response.status != 204 && response.status != 304;
}

std::string serializeHead(const Response& response, bool head_only, bool close, int minor_version) {
    const bool body = sendsBody(response, head_only);
    std::string out;
    out.reserve(256 + response.headers.size() * 64);
    out += "HTTP/1.1 " + std::to_string(response.status) + " " + reason(response.status) + "\r\n";
    // Sent on a 204 too, as Django does: the MAAS CLI reads the type of every response.
    if (!response.content_type.empty())
        out += "Content-Type: " + response.content_type + "\r\n";
    out += "Content-Length: " + std::to_string(body ? response.bodyView().size() : 0) + "\r\n";
    for (const auto& [k, v] : response.headers)
        out += k + ": " + v + "\r\n";
    if (close)
        out += "Connection: close\r\n";
    else if (minor_version == 0)
        out += "Connection: keep-alive\r\n";
    out += "\r\n";
    return out;
}

std::string serializeResponse(const Response& response, bool head_only, bool close,
                              int minor_version) {
    auto out = serializeHead(response, head_only, close, minor_version);
    if (sendsBody(response, head_only))
        out += response.bodyView();
    return out;
}

void RequestParser::reset() {
    *this = RequestParser(limits_);
}

}  // namespace maas::region::http
