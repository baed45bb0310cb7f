#pragma once

#include <cstddef>

#include "maas/common/secret.h"

namespace maas::bench {

/// What one TLS 1.3 PSK session costs by itself, with no network and no RPC: the floor under
/// the TLS cost bench/rpc measures end to end.
struct TlsFloor {
    double cpu_us_per_handshake = 0;  ///< both sides of one handshake, in this process
    double kib_per_session = 0;       ///< heap one established session keeps (one side)
};

/// Runs `sessions` handshakes over socket pairs in this process, the RPC's contexts on both
/// ends, and keeps the sessions open until the heap is measured.
TlsFloor measureTlsFloor(const Bytes& secret, size_t sessions);

}  // namespace maas::bench
