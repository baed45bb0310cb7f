#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "maas/common/secret.h"
#include "maas/common/tls_psk.h"
#include "maas/common/unique_fd.h"
#include "maas/region/rpc/rack_directory.h"
#include "maas/region/rpc/rpc_server.h"
#include "maas/rpc/frame.h"
#include "maas/rpc/server_session.h"

namespace maas::region::rpc {

/// One rack connection as the server thread sees it (shared by the rpc_server*.cpp files).
struct RpcServer::Connection {
    uint64_t id = 0;
    UniqueFd fd;
    std::unique_ptr<maas::tls::PskStream> tls;  ///< null only on a cleartext baseline server
    bool tls_wants_write = false;               ///< the TLS layer waits for the socket
    PeerInfo peer;
    maas::rpc::ServerSession session;
    maas::rpc::FrameDecoder decoder;
    std::string out;
    size_t out_offset = 0;
    bool want_write = false;
    bool closing = false;  ///< flush then close
    std::string system_id;
    std::chrono::steady_clock::time_point accepted;
    std::chrono::steady_clock::time_point last_seen;
    uint64_t next_request_id = 1;
    bool counted_unverified = false;  ///< holds a pre-authentication slot of its source

    /// preauth_frame caps frames until the handshake succeeds (then the server raises it).
    Connection(Bytes secret, std::string version, uint32_t preauth_frame)
        : session(std::move(secret), std::move(version)), decoder(preauth_frame) {}
};

}  // namespace maas::region::rpc
