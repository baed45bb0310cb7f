#include "maas/rack/power/report_queue.h"

#include <random>
#include <sstream>

#include "maas/rpc/commands.h"

namespace maas::rack::power {

namespace mr = maas::rpc;

namespace {

constexpr auto kDropLogEvery = std::chrono::seconds(10);

}  // namespace

std::string randomQueueId() {
    std::random_device random;
    std::ostringstream out;
    for (int i = 0; i < 4; ++i) {
        out << std::hex << static_cast<uint32_t>(random());
    }
    return out.str();
}

PowerReportQueue::PowerReportQueue(std::string queue_id, const Logger& logger, maas::Clock& clock,
                                   size_t max_queued)
    : queue_id_(std::move(queue_id)), logger_(logger), clock_(clock), max_queued_(max_queued) {}

bool PowerReportQueue::push(const std::vector<mr::PowerStateChange>& changes) {
    uint64_t dropped_total = 0;
    bool log = false;
    {
        std::lock_guard lock(mutex_);
        waiting_.insert(waiting_.end(), changes.begin(), changes.end());
        const size_t held = report_ ? report_->changes.size() : 0;
        const size_t before = stats_.dropped;
        while (!waiting_.empty() && waiting_.size() + held > max_queued_) {
            waiting_.pop_front();
            ++stats_.dropped;
        }
        const auto now = clock_.now();
        if (stats_.dropped > before && now - last_drop_log_ >= kDropLogEvery) {
            last_drop_log_ = now;
            log = true;
            dropped_total = stats_.dropped;
        }
    }
    if (log) {
        logger_.log(kPowerReportsDropped,
                    "power state changes waiting for a region passed " +
                        std::to_string(max_queued_) + ": the oldest are given up",
                    {{"dropped_total", std::to_string(dropped_total)}});
    }
    return true;
}

PowerReportQueue::Stats PowerReportQueue::stats() const {
    std::lock_guard lock(mutex_);
    auto out = stats_;
    out.queued = waiting_.size() + (report_ ? report_->changes.size() : 0);
    return out;
}

std::optional<OutgoingRequest> PowerReportQueue::nextRequest(const Endpoint& endpoint,
                                                             const std::string& system_id) {
    std::lock_guard lock(mutex_);
    if (in_flight_ || clock_.now() < retry_at_) {
        return std::nullopt;
    }
    if (!report_) {
        if (waiting_.empty()) {
            return std::nullopt;
        }
        const size_t n = std::min(waiting_.size(), mr::kMaxPowerEntries);
        report_ = mr::PowerStateReport{
            "",
            {waiting_.begin(), waiting_.begin() + static_cast<std::ptrdiff_t>(n)},
            queue_id_,
            next_seq_++};
        waiting_.erase(waiting_.begin(), waiting_.begin() + static_cast<std::ptrdiff_t>(n));
    }
    report_->rack_system_id = system_id;
    in_flight_ = endpoint;
    return OutgoingRequest{mr::command::kPowerStateReport, mr::toJson(*report_)};
}

void PowerReportQueue::reply(const Endpoint& endpoint, const std::string& command,
                             const mr::RpcMessage& message) {
    std::unique_lock lock(mutex_);
    if (command != mr::command::kPowerStateReport || in_flight_ != endpoint) {
        return;
    }
    in_flight_.reset();
    if (message.kind == mr::MessageKind::Reply) {
        report_.reset();
        ++stats_.acknowledged;
        backoff_ = std::chrono::milliseconds(0);
        return;
    }
    if (message.code == mr::code::kBadRequest || message.code == mr::code::kUnknownCommand) {
        // It would fail the same way for ever: give it up, keep the queue moving.
        const auto seq = report_ ? report_->seq : 0;
        report_.reset();
        lock.unlock();
        logger_.log(kPowerReportRefused, message.code + ": " + message.text,
                    {{"seq", std::to_string(seq)}});
        return;
    }
    retryLater();  // the region could not store it (its database is down): same report later
}

void PowerReportQueue::linkLost(const Endpoint& endpoint) {
    std::lock_guard lock(mutex_);
    if (in_flight_ == endpoint) {
        in_flight_.reset();  // maybe applied, maybe not: the same report again, applied once
        retryLater();
    }
}

void PowerReportQueue::retryLater() {
    ++stats_.retries;
    backoff_ = backoff_.count() == 0 ? kFirstRetry : std::min(backoff_ * 2, kMaxRetry);
    retry_at_ = clock_.now() + backoff_;
}

}  // namespace maas::rack::power
