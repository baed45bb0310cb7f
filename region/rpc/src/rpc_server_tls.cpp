// The TLS layer of a rack connection: the handshake keyed by the shared secret and the byte
// moves under it (or the plain socket on the benchmark's cleartext baseline).
#include <sys/socket.h>

#include <cerrno>

#include "rpc_connection.h"

#include "maas/region/rpc/rpc_server.h"

namespace maas::region::rpc {

namespace {

/// A plain socket call's result as readSome/writeSome report it.
ssize_t plainResult(ssize_t n) {
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return -1;
    return n < 0 ? 0 : n;
}

ssize_t tlsResult(const maas::tls::IoResult& r) {
    if (r.status == maas::tls::IoStatus::Done)
        return static_cast<ssize_t>(r.bytes);
    if (r.status == maas::tls::IoStatus::WantRead || r.status == maas::tls::IoStatus::WantWrite)
        return -1;
    return 0;
}

}  // namespace

bool RpcServer::advanceHandshake(Connection& c) {
    const auto status = c.tls->handshake();
    c.tls_wants_write = status == maas::tls::IoStatus::WantWrite;
    if (status == maas::tls::IoStatus::Done || status == maas::tls::IoStatus::WantRead ||
        status == maas::tls::IoStatus::WantWrite) {
        updateInterest(c);
        return true;
    }
    // Whoever cannot finish a TLS 1.3 handshake keyed by the secret learns nothing more.
    logger_.log(kRpcAuthFailed, "Rack controller FAILED authentication from '" + c.peer.address +
                                    "' (TLS: " + c.tls->error() + "); dropping connection.");
    closeConnection(c.id);
    return false;
}

ssize_t RpcServer::readSome(Connection& c, char* buffer, size_t size) {
    if (!c.tls)
        return plainResult(::recv(c.fd.get(), buffer, size, 0));
    const auto r = c.tls->read(buffer, size);
    c.tls_wants_write = r.status == maas::tls::IoStatus::WantWrite;
    if (r.status == maas::tls::IoStatus::Failed)  // e.g. a record changed on the way
        logger_.log(kRpcBadFrame,
                    "dropping connection from '" + c.peer.address + "': TLS: " + c.tls->error());
    return tlsResult(r);
}

ssize_t RpcServer::writeSome(Connection& c, const char* data, size_t size) {
    if (!c.tls)
        return plainResult(::send(c.fd.get(), data, size, MSG_NOSIGNAL));
    const auto r = c.tls->write(data, size);
    c.tls_wants_write = r.status == maas::tls::IoStatus::WantWrite;
    return tlsResult(r);
}

}  // namespace maas::region::rpc
