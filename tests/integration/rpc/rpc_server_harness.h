// The region's RPC listener on loopback with an in-memory directory, and the client side of
// the handshake: shared by the RPC server tests.
#pragma once

#include <boost/test/unit_test.hpp>

#include <future>
#include <memory>
#include <thread>

#include "maas/region/rpc/memory_directory.h"
#include "maas/region/rpc/rpc_server.h"
#include "maas/rpc/client_session.h"
#include "maas/rpc/commands.h"
#include "maas/rpc/dhcp_commands.h"
#include "maas/rpc/power_commands.h"
#include "maas/rpc/socket_io.h"

namespace rpc_test {

using namespace maas;
using namespace maas::rpc;
using namespace maas::region::rpc;
using namespace std::chrono_literals;

inline const Bytes kSecret = fromHex("00112233445566778899aabbccddeeff");
inline const Bytes kOtherSecret = fromHex("ffeeddccbbaa99887766554433221100");

struct Region {
    std::shared_ptr<MemorySink> sink = std::make_shared<MemorySink>();
    Logger logger{"regiond[0]", sink};
    MemoryRackDirectory directory{"uuid-1", "0.1.0"};
    RpcServer server;

    Region()
        : server(RpcServerOptions{"127.0.0.1", 0, kSecret, "0.1.0", 4096, 2000ms, 10000ms},
                 directory, logger) {
        server.start();
    }
    /// Inside TLS keyed by the secret, before the RPC handshake.
    FramedSocket connect() { return connectRpc("127.0.0.1", server.port(), kSecret, 2000ms); }
    /// A bare TCP connection: what a peer without the secret can open.
    FramedSocket connectPlain() {
        return FramedSocket(connectTcp("127.0.0.1", server.port(), 2000ms));
    }
    bool logged(const char* id) const { return sink->contains(id); }
};

inline RpcMessage receive(FramedSocket& socket) {
    auto payload = socket.receive(3000ms);
    BOOST_REQUIRE(payload.has_value());
    return decodeMessage(*payload);
}

// Runs the client side of the handshake; returns the session in its final state.
inline ClientSession handshake(FramedSocket& socket, const Bytes& secret) {
    ClientSession session(secret, "0.1.0");
    auto out = session.start();
    for (int i = 0; i < 4 && !out.close && !session.verified(); ++i) {
        for (const auto& m : out.send) {
            socket.send(m, 1000ms);
        }
        auto payload = socket.receive(3000ms);
        BOOST_REQUIRE(payload.has_value());
        out = session.onPayload(*payload);
    }
    return session;
}

inline bool closedByPeer(FramedSocket& socket) {
    try {
        for (int i = 0; i < 10; ++i) {
            socket.receive(1000ms);
        }
    } catch (const IoError&) {
        return true;
    }
    return false;
}

inline RegisterResult registerRack(FramedSocket& socket, ClientSession& session,
                                   RegisterArgs args) {
    socket.send(RpcMessage::request(session.nextId(), command::kRegister, toJson(args)), 1000ms);
    const auto reply = receive(socket);
    BOOST_REQUIRE_MESSAGE(reply.kind == MessageKind::Reply, reply.code + ": " + reply.text);
    return decodeRegisterResult(*reply.body);
}

}  // namespace rpc_test
