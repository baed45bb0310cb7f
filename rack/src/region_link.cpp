#include "maas/rack/region_link.h"

#include "maas/rack/backoff.h"
#include "maas/rpc/client_session.h"
#include "maas/rpc/dhcp_commands.h"
#include "maas/rpc/socket_io.h"

namespace maas::rack {

namespace mr = maas::rpc;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

// Receive in short slices so a stop request is noticed quickly.
constexpr auto kSlice = 200ms;

}  // namespace

const char* name(LinkFailure failure) {
    switch (failure) {
        case LinkFailure::Unreachable:
            return "unreachable";
        case LinkFailure::Lost:
            return "lost";
        case LinkFailure::AuthFailed:
            return "auth-failed";
        case LinkFailure::Incompatible:
            return "incompatible";
        case LinkFailure::WrongMaas:
            return "wrong-maas";
        case LinkFailure::Refused:
            return "refused";
        case LinkFailure::Stopped:
            return "stopped";
    }
    return "unknown";
}

bool isRefusal(LinkFailure failure) {
    return failure == LinkFailure::AuthFailed || failure == LinkFailure::Incompatible ||
           failure == LinkFailure::WrongMaas || failure == LinkFailure::Refused;
}

RegionLink::RegionLink(Endpoint endpoint, LinkSettings settings, RackIdentity& identity,
                       ArgsSource args, LinkObserver& observer, Random random)
    : endpoint_(std::move(endpoint)),
      settings_(std::move(settings)),
      identity_(identity),
      args_(std::move(args)),
      observer_(observer),
      random_(std::move(random)),
      tls_(maas::tls::rpcContext(maas::tls::Role::Client, settings_.secret)) {}

RegionLink::~RegionLink() {
    requestStop();
    join();
}

void RegionLink::start() {
    thread_ = std::thread([this] { run(); });
}

void RegionLink::requestStop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
}

void RegionLink::join() {
    if (thread_.joinable()) {
        thread_.join();
    }
}

bool RegionLink::waitFor(std::chrono::milliseconds delay) {
    std::unique_lock lock(mutex_);
    return !wake_.wait_for(lock, delay, [this] { return stopping_.load(); });
}

void RegionLink::run() {
    unsigned attempt = 0;
    while (!stopping_) {
        const auto outcome = connectOnce();
        if (stopping_) {
            break;
        }
        if (outcome.was_up) {
            attempt = 0;
        }
        observer_.linkDown(endpoint_, outcome.failure, outcome.detail);
        if (outcome.failure == LinkFailure::Stopped) {
            break;
        }
        const auto& policy = isRefusal(outcome.failure) ? kRefusedPolicy : kReconnectPolicy;
        const auto delay = backoffDelay(policy, attempt, random_());
        if (attempt < 64) {
            ++attempt;
        }
        if (!waitFor(delay)) {
            break;
        }
    }
}

void RegionLink::sendTraffic(mr::ClientSession& session, const std::string& system_id,
                             std::map<uint64_t, std::string>& outstanding) {
    if (!settings_.traffic) {
        return;
    }
    // A few per round: heartbeats must keep their pace.
    for (int i = 0; i < 4; ++i) {
        auto request = settings_.traffic->nextRequest(endpoint_, system_id);
        if (!request) {
            return;
        }
        const uint64_t id = session.nextId();
        outstanding[id] = request->command;
        channel_->send(mr::Message::request(id, request->command, request->args),
                       settings_.io_timeout);
    }
}

bool RegionLink::routeReply(const mr::Message& message,
                            std::map<uint64_t, std::string>& outstanding) {
    const auto it = outstanding.find(message.id);
    if (it == outstanding.end()) {
        return false;
    }
    const std::string command = it->second;
    outstanding.erase(it);
    if (command == mr::command::kHeartbeat) {
        const auto sent = heartbeat_sent_.find(message.id);
        if (sent != heartbeat_sent_.end()) {
            if (message.kind == mr::MessageKind::Reply && settings_.heartbeat_acked) {
                settings_.heartbeat_acked(sent->second);
            }
            heartbeat_sent_.erase(heartbeat_sent_.begin(), std::next(sent));  // older: lost
        }
        if (message.kind == mr::MessageKind::Reply && settings_.traffic && message.body) {
            settings_.traffic->heartbeatReply(endpoint_, *message.body);
        }
        // Heartbeat errors (rack-deleted, not-registered) keep their handling below.
        return message.kind == mr::MessageKind::Reply;
    }
    if (settings_.traffic) {
        settings_.traffic->reply(endpoint_, command, message);
    }
    return true;
}

RegionLink::Outcome RegionLink::connectOnce() {
    const auto where = endpoint_.toString();
    bool up = false;
    try {
        // Only TLS keyed by the secret: a relay without it can neither read nor change a frame.
        auto socket = mr::connectRpc(endpoint_.host, endpoint_.port, tls_, settings_.io_timeout);
        mr::ClientSession session(settings_.secret, settings_.version);

        // Handshake.
        auto out = session.start();
        const auto handshake_deadline = Clock::now() + settings_.io_timeout;
        while (true) {
            for (const auto& m : out.send) {
                socket.send(m, settings_.io_timeout);
            }
            if (out.close) {
                switch (out.action) {
                    case mr::ClientAction::ReportAuthFailed:
                        return {LinkFailure::AuthFailed,
                                "region " + where + " failed to prove the shared secret", false};
                    case mr::ClientAction::ReportIncompatible:
                        return {LinkFailure::Incompatible, out.detail, false};
                    case mr::ClientAction::ReportRefused:
                        if (out.error_code == mr::code::kAuthFailed) {
                            return {LinkFailure::AuthFailed,
                                    "region " + where +
                                        " refused this rack's proof of the "
                                        "shared secret",
                                    false};
                        }
                        if (out.error_code == mr::code::kIncompatible) {
                            return {LinkFailure::Incompatible, out.detail, false};
                        }
                        return {LinkFailure::Refused, out.detail, false};
                    default:
                        return {LinkFailure::Unreachable,
                                std::string("handshake with ") + where + ": " + out.detail, false};
                }
            }
            if (session.verified() || stopping_) {
                break;
            }
            auto payload = socket.receive(kSlice);
            if (payload) {
                out = session.onPayload(*payload);
            } else if (Clock::now() > handshake_deadline) {
                out = session.onTimeout();
            } else {
                out = {};
            }
        }
        if (stopping_) {
            return {LinkFailure::Stopped, "shutting down", false};
        }

        // Registration: one at a time, so every link presents the id the first one got.
        mr::RegisterResult result;
        {
            auto registration = identity_.lockRegistration();
            auto args = args_();
            args.system_id = identity_.systemId();
            args.maas_uuid = identity_.maasUuid();
            const uint64_t id = session.nextId();
            socket.send(mr::Message::request(id, mr::command::kRegister, mr::toJson(args)),
                        settings_.io_timeout);
            const auto deadline = Clock::now() + settings_.io_timeout;
            std::optional<mr::Message> reply;
            while (!reply && Clock::now() < deadline && !stopping_) {
                auto payload = socket.receive(kSlice);
                if (!payload) {
                    continue;
                }
                auto answer = session.onPayload(*payload);
                if (answer.close) {
                    return {LinkFailure::Lost, where + ": " + answer.detail, false};
                }
                if (answer.action == mr::ClientAction::Deliver && answer.message->id == id) {
                    reply = std::move(answer.message);
                }
            }
            if (!reply) {
                return {LinkFailure::Unreachable, where + ": no answer to registration", false};
            }
            if (reply->kind == mr::MessageKind::Error) {
                const auto failure = reply->code == mr::code::kWrongMaas ? LinkFailure::WrongMaas
                                                                         : LinkFailure::Refused;
                return {failure, "region " + where + " refused registration: " + reply->text,
                        false};
            }
            result = mr::decodeRegisterResult(*reply->body);
            const auto ours = identity_.maasUuid();
            if (!ours.empty() && ours != result.maas_uuid) {
                return {LinkFailure::WrongMaas,
                        "region " + where + " serves MAAS " + result.maas_uuid +
                            " but this rack belongs to MAAS " + ours +
                            "; run maas-rack register to move it",
                        false};
            }
            identity_.store(result.system_id, result.maas_uuid);
        }
        channel_->attach(&socket);
        struct Detach {
            LinkChannel& channel;
            ~Detach() { channel.detach(); }
        } detach{*channel_};
        observer_.linkUp(endpoint_, result);
        up = true;
        auto* traffic = settings_.traffic;
        // Whatever ends this connection, its unanswered extra requests are lost.
        struct LostGuard {
            LinkTraffic* traffic;
            const Endpoint& endpoint;
            ~LostGuard() {
                if (traffic) {
                    traffic->linkLost(endpoint);
                }
            }
        } lost_guard{traffic, endpoint_};
        if (traffic) {
            traffic->linkRegistered(endpoint_);
        }
        std::map<uint64_t, std::string> outstanding;  ///< request id -> command
        heartbeat_sent_.clear();

        // Heartbeats until something breaks.
        auto next_heartbeat = Clock::now();
        auto last_heard = Clock::now();
        while (!stopping_) {
            const auto now = Clock::now();
            if (now >= next_heartbeat) {
                // Through the channel: other threads (power replies, reports) share the socket.
                const uint64_t id = session.nextId();
                channel_->send(
                    mr::Message::request(id, mr::command::kHeartbeat,
                                         mr::toJson(mr::HeartbeatArgs{result.system_id})),
                    settings_.io_timeout);
                outstanding[id] = mr::command::kHeartbeat;
                heartbeat_sent_[id] = now;  // taken before the send: the witness's lease
                next_heartbeat = now + settings_.heartbeat_interval;
            }
            sendTraffic(session, result.system_id, outstanding);
            const auto wait = std::min<std::chrono::milliseconds>(
                kSlice,
                std::chrono::duration_cast<std::chrono::milliseconds>(next_heartbeat - now));
            auto payload = socket.receive(std::max(wait, std::chrono::milliseconds(1)));
            if (!payload) {
                if (Clock::now() - last_heard > settings_.dead_after) {
                    return {LinkFailure::Lost, "region " + where + " stopped answering", true};
                }
                continue;
            }
            last_heard = Clock::now();
            auto in = session.onPayload(*payload);
            if (in.action == mr::ClientAction::Deliver && routeReply(*in.message, outstanding)) {
                continue;
            }
            if (in.action == mr::ClientAction::Dispatch) {
                if (in.message->command == mr::command::kStopRack) {
                    const auto args = mr::decodeStopRack(*in.message->body);
                    channel_->send(mr::Message::reply(in.message->id, nullptr),
                                   settings_.io_timeout);
                    observer_.stopRequested(endpoint_, args.reason);
                    return {LinkFailure::Stopped, "region " + where + " asked this rack to stop",
                            true};
                }
                if (in.message->command == mr::command::kRegionsChanged) {
                    channel_->send(mr::Message::reply(in.message->id, nullptr),
                                   settings_.io_timeout);
                    observer_.regionsChanged();
                } else if (in.message->command == mr::command::kDhcpGenerationChanged) {
                    // The region heard a NOTIFY: act as on a heartbeat reply, right away.
                    channel_->send(mr::Message::reply(in.message->id, nullptr),
                                   settings_.io_timeout);
                    if (traffic && in.message->body)
                        traffic->heartbeatReply(endpoint_, *in.message->body);
                } else if (settings_.handler && settings_.handler->handles(in.message->command)) {
                    settings_.handler->handle(
                        *in.message, [channel = channel_, timeout = settings_.io_timeout](
                                         const mr::Message& m) { channel->trySend(m, timeout); });
                } else {
                    channel_->send(
                        mr::Message::error(in.message->id, mr::code::kUnknownCommand,
                                           "unknown command '" + in.message->command + "'"),
                        settings_.io_timeout);
                }
            } else if (in.action == mr::ClientAction::Deliver &&
                       in.message->id >= LinkChannel::kFirstOwnId) {
                // Answers to reports sent from other threads: nothing waits for them.
            } else if (in.action == mr::ClientAction::Deliver &&
                       in.message->kind == mr::MessageKind::Error &&
                       in.message->code == mr::code::kRackDeleted) {
                // The record is gone (deleted through the API): same as StopRack.
                observer_.stopRequested(endpoint_, in.message->text);
                return {LinkFailure::Stopped, "region " + where + ": " + in.message->text, true};
            } else if (in.action == mr::ClientAction::Deliver &&
                       in.message->kind == mr::MessageKind::Error) {
                // E.g. not-registered after a delete we missed: reconnect and register again.
                return {LinkFailure::Lost,
                        "region " + where + ": " + in.message->code + ": " + in.message->text,
                        true};
            }
            for (const auto& m : in.send) {
                channel_->send(m, settings_.io_timeout);
            }
            if (in.close) {
                return {LinkFailure::Lost, "region " + where + ": " + in.detail, true};
            }
        }
        return {LinkFailure::Stopped, "shutting down", true};
    } catch (const mr::TlsHandshakeError& e) {
        return {
            LinkFailure::AuthFailed,
            "region " + where + " failed the TLS handshake keyed by the shared secret: " + e.what(),
            false};
    } catch (const mr::IoError& e) {
        return {up ? LinkFailure::Lost : LinkFailure::Unreachable, where + ": " + e.what(), up};
    } catch (const mr::MessageError& e) {
        return {up ? LinkFailure::Lost : LinkFailure::Refused, where + ": " + e.what(), up};
    } catch (const std::exception& e) {
        return {up ? LinkFailure::Lost : LinkFailure::Unreachable, where + ": " + e.what(), up};
    }
}

}  // namespace maas::rack
