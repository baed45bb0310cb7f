#pragma once

#include <cstdint>
#include <memory>

#include "maas/hooks/peer_handshake.h"
#include "peer_link.h"
#include "peer_stream.h"

namespace maas::hooks {

/// One connection of the link: its frames, its handshake, and where it is in its life.
struct PeerLink::Conn {
    PeerStream stream;
    PeerHandshake handshake;
    bool connecting = false;    ///< the TCP connect has not completed yet
    bool bye_received = false;  ///< the partner said it leaves (a close then is no crash)
    int64_t started_ms = 0;
    Conn(UniqueFd fd, std::shared_ptr<tls::PskContext> context, PeerHandshake h)
        : stream(std::move(fd), std::move(context)), handshake(std::move(h)) {}
};

}  // namespace maas::hooks
