#include "maas/region/rpc/pending_calls.h"

#include "maas/rpc/power_commands.h"

namespace maas::region::rpc {

namespace mr = maas::rpc;

void PendingCalls::add(uint64_t connection, uint64_t request_id, Promise promise,
                       Clock::time_point deadline) {
    calls_[{connection, request_id}] = Entry{std::move(promise), deadline};
}

bool PendingCalls::resolve(uint64_t connection, const mr::RpcMessage& answer) {
    auto it = calls_.find({connection, answer.id});
    if (it == calls_.end()) {
        return false;
    }
    it->second.promise.set_value(answer);
    calls_.erase(it);
    return true;
}

void PendingCalls::failConnection(uint64_t connection, const std::string& why) {
    auto it = calls_.lower_bound({connection, 0});
    while (it != calls_.end() && it->first.first == connection) {
        it->second.promise.set_value(
            mr::RpcMessage::error(it->first.second, mr::code::kConnectionLost, why));
        it = calls_.erase(it);
    }
}

size_t PendingCalls::expire(Clock::time_point now) {
    size_t n = 0;
    for (auto it = calls_.begin(); it != calls_.end();) {
        if (it->second.deadline <= now) {
            it->second.promise.set_value(mr::RpcMessage::error(
                it->first.second, mr::code::kCallTimeout, "the rack did not answer in time"));
            it = calls_.erase(it);
            ++n;
        } else {
            ++it;
        }
    }
    return n;
}

}  // namespace maas::region::rpc
