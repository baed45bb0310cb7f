#include "maas/rack/region_link.h"

#include "maas/rack/backoff.h"
#include "maas/rpc/client_session.h"
#include "maas/rpc/socket_io.h"
#include "region_link_attempt.h"

namespace maas::rack {

namespace mr = maas::rpc;
namespace {

constexpr size_t kPhases = 4;  // every phase but Finished
constexpr size_t kSteps = 3;
using Phase = RegionLink::Phase;

// Rows: the phase that ran; columns: its step's report (Advance, Stay, Finish).
constexpr Phase kNextPhase[kPhases][kSteps] = {
    /* Connecting  */ {Phase::Handshaking, Phase::Connecting, Phase::Finished},
    /* Handshaking */ {Phase::Registering, Phase::Handshaking, Phase::Finished},
    /* Registering */ {Phase::Serving, Phase::Registering, Phase::Finished},
    // Serving only ends: a connection that stays up stays in this phase.
    /* Serving     */ {Phase::Finished, Phase::Serving, Phase::Finished},
};

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

RegionLink::Phase RegionLink::nextPhase(Phase phase, Step step) {
    if (phase == Phase::Finished) {
        return Phase::Finished;
    }
    return kNextPhase[static_cast<size_t>(phase)][static_cast<size_t>(step)];
}

RegionLink::RegionLink(Endpoint endpoint, LinkSettings settings, RackIdentity& identity,
                       ArgsSource args, LinkObserver& observer, Random random, maas::Clock& clock)
    : endpoint_(std::move(endpoint)),
      settings_(std::move(settings)),
      identity_(identity),
      args_(std::move(args)),
      observer_(observer),
      random_(std::move(random)),
      clock_(clock),
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
    return !clock_.waitUntil(lock, wake_, clock_.now() + delay,
                             [this] { return stopping_.load(); });
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

RegionLink::Outcome RegionLink::connectOnce() {
    Attempt a;
    a.where = endpoint_.toString();
    const auto& where = a.where;
    try {
        for (auto phase = Phase::Connecting; phase != Phase::Finished;) {
            const auto reported =
                stopping_ ? a.finish(LinkFailure::Stopped, "shutting down") : step(phase, a);
            phase = nextPhase(phase, reported);
        }
        return a.outcome;
    } catch (const mr::TlsHandshakeError& e) {
        return {
            LinkFailure::AuthFailed,
            "region " + where + " failed the TLS handshake keyed by the shared secret: " + e.what(),
            false};
    } catch (const mr::IoError& e) {
        return {a.up ? LinkFailure::Lost : LinkFailure::Unreachable, where + ": " + e.what(), a.up};
    } catch (const mr::MessageError& e) {
        return {a.up ? LinkFailure::Lost : LinkFailure::Refused, where + ": " + e.what(), a.up};
    } catch (const std::exception& e) {
        return {a.up ? LinkFailure::Lost : LinkFailure::Unreachable, where + ": " + e.what(), a.up};
    }
}

RegionLink::Step RegionLink::step(Phase phase, Attempt& attempt) {
    switch (phase) {
        case Phase::Connecting:
            return connect(attempt);
        case Phase::Handshaking:
            return handshake(attempt);
        case Phase::Registering:
            return registerRack(attempt);
        case Phase::Serving:
            return serve(attempt);
        case Phase::Finished:
            break;
    }
    return Step::Finish;
}

RegionLink::Step RegionLink::connect(Attempt& a) {
    // Only TLS keyed by the secret: a relay without it can neither read nor change a frame.
    a.socket.emplace(mr::connectRpc(endpoint_.host, endpoint_.port, tls_, settings_.io_timeout));
    a.session.emplace(settings_.secret, settings_.version);
    a.pending = a.session->start();
    a.handshake_deadline = clock_.now() + settings_.io_timeout;
    return Step::Advance;
}

RegionLink::Step RegionLink::handshake(Attempt& a) {
    for (const auto& m : a.pending.send) {
        a.socket->send(m, settings_.io_timeout);
    }
    const auto& out = a.pending;
    if (out.close) {
        switch (out.action) {
            case mr::ClientAction::ReportAuthFailed:
                return a.finish(LinkFailure::AuthFailed,
                                "region " + a.where + " failed to prove the shared secret");
            case mr::ClientAction::ReportIncompatible:
                return a.finish(LinkFailure::Incompatible, out.detail);
            case mr::ClientAction::ReportRefused:
                if (out.error_code == mr::code::kAuthFailed) {
                    return a.finish(
                        LinkFailure::AuthFailed,
                        "region " + a.where + " refused this rack's proof of the shared secret");
                }
                if (out.error_code == mr::code::kIncompatible) {
                    return a.finish(LinkFailure::Incompatible, out.detail);
                }
                return a.finish(LinkFailure::Refused, out.detail);
            default:
                return a.finish(LinkFailure::Unreachable,
                                "handshake with " + a.where + ": " + out.detail);
        }
    }
    if (a.session->verified()) {
        return Step::Advance;
    }
    if (auto payload = a.socket->receive(kLinkSlice)) {
        a.pending = a.session->onPayload(*payload);
    } else if (clock_.now() > a.handshake_deadline) {
        a.pending = a.session->onTimeout();
    } else {
        a.pending = {};
    }
    return Step::Stay;
}

RegionLink::Step RegionLink::registerRack(Attempt& a) {
    // One at a time, so every link presents the id the first one got.
    auto registration = identity_.lockRegistration();
    auto args = args_();
    args.system_id = identity_.systemId();
    args.maas_uuid = identity_.maasUuid();
    const uint64_t id = a.session->nextId();
    a.socket->send(mr::RpcMessage::request(id, mr::command::kRegister, mr::toJson(args)),
                   settings_.io_timeout);
    const auto reply = awaitReply(a, id);
    if (a.finished) {
        return Step::Finish;  // the session closed while waiting
    }
    if (!reply) {
        return a.finish(LinkFailure::Unreachable, a.where + ": no answer to registration");
    }
    const auto reported = acceptRegistration(a, *reply);
    registration.unlock();
    if (reported == Step::Advance) {
        goLive(a);
    }
    return reported;
}

std::optional<mr::RpcMessage> RegionLink::awaitReply(Attempt& a, uint64_t id) {
    const auto deadline = clock_.now() + settings_.io_timeout;
    while (clock_.now() < deadline && !stopping_) {
        auto payload = a.socket->receive(kLinkSlice);
        if (!payload) {
            continue;
        }
        auto answer = a.session->onPayload(*payload);
        if (answer.close) {
            a.finish(LinkFailure::Lost, a.where + ": " + answer.detail);
            return std::nullopt;
        }
        if (answer.action == mr::ClientAction::Deliver && answer.message->id == id) {
            return std::move(answer.message);
        }
    }
    return std::nullopt;
}

RegionLink::Step RegionLink::acceptRegistration(Attempt& a, const mr::RpcMessage& reply) {
    if (reply.kind == mr::MessageKind::Error) {
        const auto failure =
            reply.code == mr::code::kWrongMaas ? LinkFailure::WrongMaas : LinkFailure::Refused;
        return a.finish(failure, "region " + a.where + " refused registration: " + reply.text);
    }
    a.result = mr::decodeRegisterResult(*reply.body);
    const auto ours = identity_.maasUuid();
    if (!ours.empty() && ours != a.result.maas_uuid) {
        return a.finish(LinkFailure::WrongMaas, "region " + a.where + " serves MAAS " +
                                                    a.result.maas_uuid +
                                                    " but this rack belongs to MAAS " + ours +
                                                    "; run maas-rack register to move it");
    }
    identity_.store(a.result.system_id, a.result.maas_uuid);
    return Step::Advance;
}

void RegionLink::goLive(Attempt& a) {
    channel_->attach(&*a.socket);
    a.live.emplace(*channel_, endpoint_);
    observer_.linkUp(endpoint_, a.result);
    a.up = true;
    a.live->traffic = settings_.traffic;
    if (settings_.traffic) {
        settings_.traffic->linkRegistered(endpoint_);
    }
    heartbeat_sent_.clear();
    a.next_heartbeat = a.last_heard = clock_.now();
}

}  // namespace maas::rack
