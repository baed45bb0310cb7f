// HaService queries and commands: the serving rule per query, allocation limits, status and
// the operator's partner-down and resync commands.
#include "ha_messages.h"
#include "ha_service.h"

namespace maas::hooks {

bool HaService::shouldAnswer(const QueryFacts& query) {
    std::lock_guard lock(mutex_);
    const bool answer =
        maas::hooks::shouldAnswer(state_, partner_state_.value_or(HaState::Startup), params_.role,
                                  effectiveSplit(), params_.loadBalanceMaxSeconds, query);
    if (!answer) {
        ++counters_.queriesDropped;
    }
    return answer;
}

bool HaService::mayAllocate(uint32_t address, bool renewal) {
    std::lock_guard lock(mutex_);
    return maas::hooks::mayAllocate(state_, params_.role, address, renewal);
}

uint32_t HaService::grantedLifetime(uint32_t requested) {
    std::lock_guard lock(mutex_);
    return maas::hooks::grantedLifetime(state_, requested, params_.mcltSeconds);
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
                    counters_};
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

std::string HaService::resync() {
    std::string text;
    {
        std::lock_guard lock(mutex_);
        if (!link_) {
            text = "standalone: there is no partner to resync with";
        } else if (!link_->up()) {
            resync_wanted_ = true;
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
