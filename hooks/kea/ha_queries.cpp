// HaService queries and commands: the serving rule per query, allocation limits, status and
// the operator's partner-down and resync commands.
#include "ha_messages.h"
#include "ha_service.h"

#include <algorithm>

namespace maas::hooks {

bool HaService::shouldAnswer(const QueryFacts& query) {
    std::lock_guard lock(mutex_);
    const bool answer =
        maas::hooks::shouldAnswer(state_, partner_state_.value_or(HaState::Startup), params_.role,
                                  effectiveSplit(), params_.load_balance_max_seconds, query);
    if (!answer) {
        ++counters_.queries_dropped;
    }
    return answer;
}

bool HaService::mayAllocate(uint32_t address, bool renewal) {
    std::lock_guard lock(mutex_);
    if (renewal) {
        return true;
    }
    return allowsAddress(allocationRight(state_, fenceFacts(nowMs())), params_.role, address);
}

FenceFacts HaService::fenceFacts(int64_t now) const {
    const bool witness_mode = params_.fence_time_ms != 0;
    return FenceFacts{.witness_mode = witness_mode,
                      .witness_valid = witness_mode && witness_contact_ms_ >= 0 &&
                                       now < witness_contact_ms_ + int64_t{params_.fence_time_ms},
                      .origin = takeover_origin_,
                      .takeover_reached = now >= takeover_at_ms_};
}

// Called from handle() on every state change: who put us in partner-down, and when.
void HaService::noteTakeover(HaState before, HaEvent event) {
    if (state_ == HaState::Normal) {
        holds_partner_leases_ = true;
    } else if (state_ == HaState::Startup) {
        holds_partner_leases_ = false;
    }
    if (state_ != HaState::PartnerDown) {
        takeover_origin_ = TakeoverOrigin::None;
        takeover_at_ms_ = 0;
        return;
    }
    if (before == HaState::PartnerDown) {
        return;
    }
    takeover_origin_ =
        event == HaEvent::PartnerDownCommand ? command_origin_ : TakeoverOrigin::Automatic;
    last_failover_ms_ = nowMs();
    last_failover_reason_ = std::string(eventName(event));
    if (takeover_origin_ == TakeoverOrigin::Witness) {
        last_failover_reason_ = "witness";
    }
}

uint32_t HaService::grantedLifetime(uint32_t requested) {
    std::lock_guard lock(mutex_);
    return maas::hooks::grantedLifetime(state_, requested, params_.mclt_seconds);
}

HaState HaService::state() {
    std::lock_guard lock(mutex_);
    return state_;
}

HaStatus HaService::status() {
    std::lock_guard lock(mutex_);
    return HaStatus{state_,
                    partner_state_,
                    params_.role,
                    linkUp(),
                    backlog_.size(),
                    backlog_.overflowed(),
                    last_received_ms_ < 0 ? -1 : nowMs() - last_received_ms_,
                    clock_skew_ms_,
                    effectiveSplit(),
                    detector_.lossAfterMs(),
                    detector_.meanGapMs(),
                    detector_.stdDevGapMs(),
                    counters_,
                    params_.fence_time_ms,
                    witness_contact_ms_ < 0 ? -1 : nowMs() - witness_contact_ms_,
                    fenceFacts(nowMs()).witness_valid,
                    allocationRight(state_, fenceFacts(nowMs())),
                    takeover_origin_,
                    takeover_origin_ == TakeoverOrigin::Witness
                        ? std::max<int64_t>(0, takeover_at_ms_ - nowMs())
                        : 0,
                    holds_partner_leases_,
                    last_failover_ms_ < 0 ? -1 : nowMs() - last_failover_ms_,
                    last_failover_reason_,
                    events_.counters()};
}

std::string HaService::partnerDown() {
    std::string text;
    {
        std::lock_guard lock(mutex_);
        handle(HaEvent::PartnerDownCommand);  // standalone: the table keeps it standalone
        text = link_ ? "state is now " + std::string(stateName(state_))
                     : std::string("standalone: there is no partner");
        log_.log(msg::kCommand, "partner-down command",
                 {{"state", std::string(stateName(state_))}});
    }
    runDeferred();
    return text;
}

std::string HaService::witnessPartnerDown(int64_t fenceWaitMs) {
    std::string text;
    {
        std::lock_guard lock(mutex_);
        if (!link_) {
            text = "standalone: there is no partner";
        } else if (state_ == HaState::PartnerDown) {
            text = "already in partner-down";  // an earlier order (or the operator's) stands
        } else if (state_ != HaState::CommunicationsInterrupted || !holds_partner_leases_) {
            // The region decided on a report up to seconds old: a server restarted since, or
            // reconnected, does not take over on it.
            text = "not taking over: state is " + std::string(stateName(state_)) +
                   (holds_partner_leases_ ? "" : ", partner's leases not held");
        } else {
            command_origin_ = TakeoverOrigin::Witness;
            takeover_at_ms_ = nowMs() + fenceWaitMs;
            const int64_t at = takeover_at_ms_;
            handle(HaEvent::PartnerDownCommand);
            command_origin_ = TakeoverOrigin::Operator;
            if (state_ == HaState::PartnerDown) {
                takeover_at_ms_ = at;  // handle() cleared nothing on entry; keep the wait
            }
            text = "state is now " + std::string(stateName(state_));
        }
        log_.log(msg::kCommand, "witness partner-down",
                 {{"state", std::string(stateName(state_))},
                  {"fence-wait-ms", std::to_string(fenceWaitMs)}});
    }
    runDeferred();
    return text;
}

std::string HaService::witnessContact(int64_t contactMs) {
    std::lock_guard lock(mutex_);
    const int64_t now = nowMs();
    if (contactMs > now) {
        return "contact-ms is in the future (now " + std::to_string(now) + "); ignored";
    }
    witness_contact_ms_ = std::max(witness_contact_ms_, contactMs);  // never moves back
    return "witness lease valid for " +
           std::to_string(
               std::max<int64_t>(0, witness_contact_ms_ + int64_t{params_.fence_time_ms} - now)) +
           " ms";
}

std::string HaService::resync() {
    std::string text;
    {
        std::lock_guard lock(mutex_);
        if (!link_) {
            text = "standalone: there is no partner to resync with";
        } else if (!link_->up()) {
            syncEvent(SyncEvent::ResyncRequested);
            text = "partner unreachable; resync starts when the link is up";
        } else {
            handle(HaEvent::ResyncRequired);
            text = "state is now " + std::string(stateName(state_));
        }
        log_.log(msg::kCommand, "resync command", {{"result", text}});
    }
    runDeferred();
    return text;
}

}  // namespace maas::hooks
