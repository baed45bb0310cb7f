#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "maas/common/tls_psk.h"
#include "maas/common/unique_fd.h"
#include "maas/region/http/request_parser.h"
#include "maas/region/http/server.h"

namespace maas::region::http {

/// One client connection as the event thread sees it.
struct Server::Connection {
    enum class Phase { Reading, Busy, Writing };
    uint64_t id = 0;
    UniqueFd fd;
    std::unique_ptr<tls::Stream> tls;  ///< on the HTTPS listener only
    bool read_wants_write = false;     ///< TLS: a read (handshake) waits for the socket to drain
    std::string peer;
    std::string local;
    Phase phase = Phase::Reading;
    RequestParser parser;
    std::string pending;  ///< bytes read past the current request (pipelining)
    std::string out;
    size_t out_offset = 0;
    std::shared_ptr<const std::string> out_body;  ///< after out: a response body, shared
    size_t body_offset = 0;
    bool close_after_write = false;
    bool continue_sent = false;
    uint32_t interest = 0;
    std::chrono::steady_clock::time_point deadline;

    explicit Connection(RequestParser::Limits limits) : parser(limits) {}
};

}  // namespace maas::region::http
