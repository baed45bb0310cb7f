#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "maas/region/http/message.h"

namespace maas::region::http {

/// The request line and headers of one HTTP/1.x request. Header names are lower-cased.
struct RequestHead {
    std::string method;
    std::string target;
    int minor_version = 1;
    std::vector<std::pair<std::string, std::string>> headers;

    /// The first value of a header (name lower-case), or "" when absent.
    std::string get(std::string_view name) const;
    bool has(std::string_view name) const;
};

/// Incremental HTTP/1.x request reader (pure; fuzzed). Bytes in; one request out at a time,
/// with its body read in full before it counts as complete, so a half-read request never
/// reaches a handler. A body needs Content-Length or chunked Transfer-Encoding: a POST, PUT or
/// PATCH with neither is refused at once (411) instead of waiting for a close that may never
/// come. Every refusal carries the status to answer and a sentence saying why.
class RequestParser {
  public:
    struct Limits {
        size_t max_head = 16384;            ///< request line + headers
        size_t max_body = 4 * 1024 * 1024;  ///< decoded body
        size_t max_headers = 100;
    };
    enum class State { Head, Body, Complete, Error };

    RequestParser() : RequestParser(Limits{}) {}
    explicit RequestParser(Limits limits) : limits_(limits) {}

    /// Consumes bytes up to the end of the current request and returns how many; bytes of a
    /// pipelined next request are left for after reset().
    size_t feed(std::string_view data);

    State state() const { return state_; }
    bool complete() const { return state_ == State::Complete; }
    bool failed() const { return state_ == State::Error; }
    /// Error: the status to answer (400, 411, 413, 431, 501, 505) and why.
    int errorStatus() const { return error_status_; }
    const std::string& errorText() const { return error_text_; }

    /// Once the head is read (state Body or Complete).
    const RequestHead& head() const { return head_; }
    /// The head asked for "100-continue" and its body has not started yet.
    bool wantsContinue() const;
    /// Whether the connection may carry another request after this one.
    bool keepAlive() const;
    std::string takeBody() { return std::move(body_); }
    /// Bytes received of the current request so far (0: nothing yet, the connection is idle).
    size_t received() const { return received_; }

    /// Ready for the next request on the same connection.
    void reset();

  private:
    enum class Chunk { Size, Data, DataEnd, Trailer };
    size_t feedHead(std::string_view data);
    size_t feedBody(std::string_view data);
    size_t feedChunked(std::string_view data);
    bool parseHead(std::string_view text);
    void fail(int status, std::string text);

    Limits limits_;
    State state_ = State::Head;
    std::string head_text_;
    RequestHead head_;
    std::string body_;
    size_t received_ = 0;
    size_t content_length_ = 0;
    bool chunked_ = false;
    Chunk chunk_state_ = Chunk::Size;
    std::string chunk_line_;
    size_t chunk_left_ = 0;
    int error_status_ = 0;
    std::string error_text_;
};

/// text without the spaces and tabs HTTP allows around header values and list items.
std::string_view trimWhitespace(std::string_view text);

/// The bytes of one response: status line, Content-Type, Content-Length, the response's
/// headers, Connection: close when closing; no body for HEAD, 204 and 304 (pure).
std::string serializeResponse(const Response& response, bool head_only, bool close,
                              int minor_version = 1);

/// The head alone (status line and headers, Content-Length of the body it announces): the
/// server sends the body after it from where it lies, without copying it (pure).
std::string serializeHead(const Response& response, bool head_only, bool close,
                          int minor_version = 1);

/// Whether the answer carries its body: not for HEAD, 204 and 304.
bool sendsBody(const Response& response, bool head_only);

}  // namespace maas::region::http
