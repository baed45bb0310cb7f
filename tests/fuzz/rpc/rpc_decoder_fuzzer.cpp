// Feeds arbitrary bytes through everything a region worker does with network input before a
// connection is verified and after: frame decoding, message decoding, command argument
// decoding, and both sessions' handshake handling (the region's server side, the rack's client
// side).
#include <cstddef>
#include <cstdint>
#include <string>

#include "maas/rpc/client_session.h"
#include "maas/rpc/commands.h"
#include "maas/rpc/dhcp_commands.h"
#include "maas/rpc/dhcp_ha_commands.h"
#include "maas/rpc/frame.h"
#include "maas/rpc/message.h"
#include "maas/rpc/power_commands.h"
#include "maas/rpc/server_session.h"

namespace {

void decodeArguments(const maas::rpc::RpcMessage& m) {
    using namespace maas::rpc;
    try {
        if (m.command == command::kRegister) {
            decodeRegister(*m.body);
        } else if (m.command == command::kUpdateInterfaces) {
            decodeUpdateInterfaces(*m.body);
        } else if (m.command == command::kHeartbeat) {
            decodeHeartbeat(*m.body);
        } else if (m.command == command::kStopRack) {
            decodeStopRack(*m.body);
        } else if (m.command == command::kGetDhcpConfig) {
            decodeGetDhcpConfig(*m.body);
        } else if (m.command == command::kDhcpStatus) {
            decodeDhcpStatus(*m.body);
        } else if (m.command == command::kLeaseEvents) {
            const auto batch = decodeLeaseEvents(*m.body);
            if (leaseEventsAlreadyApplied(batch, kMaxLeaseSeq) > batch.events.size())
                __builtin_trap();
        } else if (m.command == command::kDhcpHaStatus) {
            decodeDhcpHaStatus(*m.body);
        } else if (m.command == command::kDhcpPartnerDown) {
            decodeDhcpPartnerDown(*m.body);
        } else if (m.command == command::kPowerOn || m.command == command::kPowerOff ||
                   m.command == command::kPowerQuery) {
            decodePowerArgs(*m.body, m.command);
        } else if (m.command == command::kSetPowerAssignments) {
            decodePowerAssignments(*m.body);
        } else if (m.command == command::kPowerStateReport) {
            decodePowerStateReport(*m.body);
        } else if (m.command == command::kDhcpGenerationChanged) {
            decodeHeartbeatReply(m.body.get());
        } else if (m.kind == MessageKind::Reply) {
            try {
                decodeRegisterResult(*m.body);
            } catch (const MessageError&) {
            }
            try {
                decodeDhcpConfigResult(*m.body);
            } catch (const MessageError&) {
            }
            try {
                decodeLeaseEventsReply(m.body.get());
            } catch (const MessageError&) {
            }
            decodeHeartbeatReply(m.body.get());
        }
    } catch (const MessageError&) {
    }
    try {
        if (m.kind == MessageKind::Reply) {
            decodePowerResult(*m.body);
        }
    } catch (const MessageError&) {
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace maas::rpc;
    const auto* bytes = reinterpret_cast<const char*>(data);
    // Small cap so the fuzzer reaches the oversize path too.
    FrameDecoder decoder(4096);
    ServerSession session(maas::Bytes(16, 7), "0.1.0", [](size_t n) { return maas::Bytes(n, 1); });
    ClientSession client(maas::Bytes(16, 7), "0.1.0", [](size_t n) { return maas::Bytes(n, 2); });
    client.start();
    decoder.feed(bytes, size);
    while (auto payload = decoder.next()) {
        session.onPayload(*payload);
        client.onPayload(*payload);
        try {
            decodeArguments(decodeMessage(*payload));
        } catch (const MessageError&) {
        }
    }
    // The whole input as one payload, too, so JSON parsing is reached without a valid header.
    try {
        decodeArguments(decodeMessage(std::string(bytes, size)));
    } catch (const MessageError&) {
    }
    return 0;
}
