#include "maas/rack/dhcp_agent.h"

#include "maas/rpc/commands.h"

namespace maas::rack {

namespace mr = maas::rpc;
using Clock = std::chrono::steady_clock;

namespace {

// A configuration request unanswered this long is asked again (on whichever link polls).
constexpr auto kConfigTimeout = std::chrono::seconds(15);
// How often a good configuration kea-dhcp4 could not be started with is tried again, and
// kea-dhcp4's process state is looked at (a crash shows as dhcpd degraded or dead).
constexpr auto kStartRetry = std::chrono::seconds(2);

}  // namespace

DhcpAgent::DhcpAgent(Paths paths, DhcpApplier& applier, LeaseSpool& spool, const Logger& logger,
                     std::chrono::milliseconds retry_delay)
    : paths_(std::move(paths)),
      applier_(applier),
      logger_(logger),
      retry_delay_(retry_delay),
      spool_(spool) {}

DhcpAgent::~DhcpAgent() {
    stop();
}

void DhcpAgent::start() {
    thread_ = std::thread([this] { run(); });
}

void DhcpAgent::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable())
        thread_.join();
}

void DhcpAgent::report(const DhcpServiceState& state) {
    std::lock_guard lock(mutex_);
    last_state_ = state;
    status_to_send_ = state;
}

void DhcpAgent::run() {
    {
        const auto state = applier_.startLastGood();
        if (state.status == "running")
            logger_.log(kRackDhcpApplied, "kea-dhcp4 started with the last good configuration");
        report(state);
    }
    while (true) {
        mr::DhcpConfigResult config;
        {
            std::unique_lock lock(mutex_);
            if (!wake_.wait_for(lock, kStartRetry,
                                [this] { return stopping_ || to_apply_.has_value(); })) {
                lock.unlock();
                spool_.maintain();
                const auto before = last_state_;
                applier_.retryStart();
                const auto state = applier_.observed();
                if (before && state != *before) {
                    logger_.log(kRackDhcpApplied, "dhcpd " + state.status + ": " + state.info);
                    report(state);
                }
                continue;
            }
            if (stopping_)
                return;
            config = std::move(*to_apply_);
            to_apply_.reset();
        }
        DhcpServiceState state;
        try {
            state = applier_.apply(config);
        } catch (const std::exception& e) {
            state = {"degraded",
                     std::string("applying the DHCP configuration failed: ") + e.what()};
        }
        if (state.status == "degraded")
            logger_.log(kRackDhcpRefused, state.info,
                        {{"generation", std::to_string(config.generation)}});
        else
            logger_.log(kRackDhcpApplied, "dhcpd " + state.status,
                        {{"generation", std::to_string(config.generation)}});
        report(state);
    }
}

namespace {
/// The region counts a rack without a heartbeat for this long as dead.
constexpr auto kRegionLivenessWindow = std::chrono::seconds(3);
}  // namespace

void DhcpAgent::linkRegistered(const Endpoint&) {
    std::lock_guard lock(mutex_);
    refetch_ = true;
    if (last_state_ && !status_to_send_)
        status_to_send_ = last_state_;  // the region may have missed it while we were away
}

void DhcpAgent::heartbeatReply(const Endpoint& endpoint, const Poco::JSON::Object& result) {
    int64_t generation = 0;
    try {
        generation = mr::decodeHeartbeatReply(&result);
    } catch (const mr::MessageError&) {
        return;
    }
    std::lock_guard lock(mutex_);
    seen_generation_ = std::max(seen_generation_, generation);
    // Longer than the region's 3 s liveness window: it may have marked our dhcpd unknown while
    // the connection itself survived (a short partition), and only we know the state.
    const auto now = std::chrono::steady_clock::now();
    const auto last = last_reply_.find(endpoint);
    if (last != last_reply_.end() && now - last->second > kRegionLivenessWindow && last_state_ &&
        !status_to_send_)
        status_to_send_ = last_state_;
    last_reply_[endpoint] = now;
}

std::optional<OutgoingRequest> DhcpAgent::nextRequest(const Endpoint& endpoint,
                                                      const std::string& system_id) {
    std::lock_guard lock(mutex_);
    const auto now = Clock::now();
    if (config_in_flight_ && now - config_sent_ > kConfigTimeout)
        config_in_flight_.reset();
    if (!config_in_flight_ && now >= retry_after_ &&
        (refetch_ || seen_generation_ > fetched_generation_)) {
        refetch_ = false;
        config_in_flight_ = endpoint;
        config_sent_ = now;
        mr::GetDhcpConfigArgs args{system_id,
                                   paths_.data_dir,
                                   paths_.lease_cmds_library,
                                   paths_.ha_hook_library,
                                   paths_.secret_file,
                                   paths_.event_socket};
        return OutgoingRequest{mr::command::kGetDhcpConfig, mr::toJson(args)};
    }
    if (status_to_send_ && !status_in_flight_) {
        status_sending_ = std::move(status_to_send_);
        status_to_send_.reset();
        status_in_flight_ = endpoint;
        return OutgoingRequest{
            mr::command::kDhcpStatus,
            mr::toJson(mr::DhcpStatusArgs{system_id, status_sending_->status,
                                          status_sending_->info.substr(0, 1000)})};
    }
    if (!events_in_flight_ && now >= events_retry_after_) {
        auto batch = spool_.peek(kEventsPerRequest);
        if (batch.events.empty())
            return std::nullopt;
        events_in_flight_ = endpoint;
        events_sending_last_ = batch.first_seq + batch.events.size() - 1;
        return OutgoingRequest{
            mr::command::kLeaseEvents,
            mr::toJson(mr::LeaseEventsArgs{system_id, std::move(batch.events), batch.spool_id,
                                           static_cast<int64_t>(batch.first_seq)})};
    }
    return std::nullopt;
}

void DhcpAgent::reply(const Endpoint& endpoint, const std::string& command,
                      const mr::RpcMessage& message) {
    const bool ok = message.kind == mr::MessageKind::Reply;
    std::unique_lock lock(mutex_);
    if (command == mr::command::kGetDhcpConfig) {
        if (config_in_flight_ != endpoint)
            return;  // timed out and asked elsewhere meanwhile
        config_in_flight_.reset();
        if (!ok) {
            retry_after_ = Clock::now() + retry_delay_;  // no retry storm on a failing region
            if (message.code == mr::code::kUnknownCommand)
                fetched_generation_ = seen_generation_;  // a region without DHCP: until reconnect
            else
                refetch_ = true;
            lock.unlock();
            logger_.log(kRackDhcpFetchFailed,
                        endpoint.toString() + ": " + message.code + ": " + message.text);
            return;
        }
        try {
            auto result = mr::decodeDhcpConfigResult(*message.body);
            const auto generation = result.generation;
            fetched_generation_ = std::max(fetched_generation_, generation);
            to_apply_ = std::move(result);  // only the newest matters
            wake_.notify_all();
            lock.unlock();
            logger_.log(kRackDhcpReceived, "from " + endpoint.toString(),
                        {{"generation", std::to_string(generation)}});
        } catch (const mr::MessageError& e) {
            lock.unlock();
            logger_.log(kRackDhcpFetchFailed, endpoint.toString() + ": " + e.what());
        }
    } else if (command == mr::command::kDhcpStatus && status_in_flight_ == endpoint) {
        status_in_flight_.reset();
        if (!ok && !status_to_send_ && message.code != mr::code::kUnknownCommand)
            status_to_send_ = std::move(status_sending_);  // retry unless superseded
        status_sending_.reset();
    } else if (command == mr::command::kLeaseEvents && events_in_flight_ == endpoint) {
        events_in_flight_.reset();
        leaseEventsAnswered(message, lock);
    }
}

void DhcpAgent::leaseEventsAnswered(const mr::RpcMessage& message,
                                    std::unique_lock<std::mutex>& lock) {
    const auto last = events_sending_last_;
    if (message.kind == mr::MessageKind::Reply) {
        std::optional<int64_t> applied;
        try {
            applied = mr::decodeLeaseEventsReply(message.body.get());
        } catch (const mr::MessageError&) {
        }
        // A region that sends no sequence applied the whole batch.
        spool_.acknowledge(
            std::min<uint64_t>(last, applied ? static_cast<uint64_t>(*applied) : last));
        return;
    }
    // A malformed batch would fail forever; a region without DHCP drops them too.
    if (message.code == mr::code::kBadRequest || message.code == mr::code::kUnknownCommand) {
        spool_.acknowledge(last);
        lock.unlock();
        logger_.log(kRackLeaseEventsRefused, message.code + ": " + message.text,
                    {{"through_seq", std::to_string(last)}});
        return;
    }
    events_retry_after_ = Clock::now() + retry_delay_;  // no retry storm on a failing region
}

void DhcpAgent::linkLost(const Endpoint& endpoint) {
    std::lock_guard lock(mutex_);
    if (config_in_flight_ == endpoint) {
        config_in_flight_.reset();
        refetch_ = true;
    }
    if (status_in_flight_ == endpoint) {
        status_in_flight_.reset();
        if (!status_to_send_)
            status_to_send_ = std::move(status_sending_);
        status_sending_.reset();
    }
    if (events_in_flight_ == endpoint)
        events_in_flight_.reset();  // still spooled: sent again on the next link
}

}  // namespace maas::rack
