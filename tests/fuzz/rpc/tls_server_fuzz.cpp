// Fuzzes the region's side of the RPC's TLS handshake with whatever a peer without the secret
// may send first (a ClientHello naming any PSK identity, binders, garbage), over a socketpair.
#include <sys/socket.h>

#include <cstdint>

#include "maas/common/tls_psk.h"
#include "maas/common/unique_fd.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const auto context =
        maas::tls::rpcContext(maas::tls::Role::Server, maas::Bytes(16, 0x5a));
    int fds[2];
    if (size > 65536 || ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds) != 0)
        return 0;
    maas::UniqueFd peer(fds[0]), ours(fds[1]);
    if (size > 0 && ::send(peer.get(), data, size, MSG_NOSIGNAL) != static_cast<ssize_t>(size))
        return 0;
    peer.reset();  // the peer has said all it will
    maas::tls::PskStream stream(context, ours.get());
    for (int i = 0; i < 8; ++i) {
        const auto status = stream.handshake();
        if (status != maas::tls::IoStatus::WantRead && status != maas::tls::IoStatus::WantWrite)
            break;
    }
    char buffer[256];
    (void)stream.read(buffer, sizeof(buffer));  // never established without the key
    return 0;
}
