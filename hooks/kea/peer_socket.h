#pragma once

#include <cstdint>

#include "maas/common/unique_fd.h"

namespace maas::hooks {

/// The peer link's plain TCP: a listener for the secondary, a non-blocking dial for the primary,
/// and the timing of both. Nothing here reads or writes a byte of the link itself.
namespace peer_socket {

/// The primary dials again this long after a failed or dropped connection.
inline constexpr int64_t kRedialMs = 200;
/// A SYN lost in a blip would wait for the kernel's retry (1 s, then 3 s): dial afresh instead.
inline constexpr int64_t kConnectTimeoutMs = 500;
/// TLS plus the HMAC handshake must finish within this of the TCP connect.
inline constexpr int64_t kHandshakeTimeoutMs = 3000;

/// A non-blocking listener on address:port; throws std::runtime_error naming both.
UniqueFd listenOn(uint32_t address, uint16_t port);

/// A non-blocking connect from `own` (best effort) to peer:port.
struct Dialed {
    UniqueFd fd;               ///< empty: refused or unreachable at once; dial again later
    bool in_progress = false;  ///< EINPROGRESS: connectOutcome tells when it completes
};
Dialed dial(uint32_t own, uint32_t peer, uint16_t port);

enum class ConnectOutcome { Pending, Connected, Failed };
/// Whether a dial in progress completed; on Failed, `error` is its errno.
ConnectOutcome connectOutcome(int fd, int& error);

/// The next queued connection (non-blocking), or an empty fd when none waits; `from` is the
/// connecting address.
UniqueFd acceptNext(int listener, uint32_t& from);

/// True when `fd` has input waiting (or an error or hang-up to read); never blocks.
bool readable(int fd);

/// TCP's own signals next to the heartbeats: data left unacknowledged for `userTimeoutMs` aborts
/// the connection (ETIMEDOUT), keepalive probes an idle one, and frames leave without Nagle.
void tune(int fd, uint32_t userTimeoutMs);

}  // namespace peer_socket
}  // namespace maas::hooks
