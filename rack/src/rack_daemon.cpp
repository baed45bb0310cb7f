#include "maas/rack/rack_daemon.h"

#include <algorithm>
#include <cstring>

#include "maas/common/secret.h"
#include "maas/rack/connection_plan.h"
#include "maas/rack/discovery.h"
#include "maas/rack/messages.h"

namespace maas::rack {

using Clock = std::chrono::steady_clock;

RackDaemon::RackDaemon(RackDaemonOptions options, RackIdentity& identity, const Logger& logger,
                       RegionLink::ArgsSource args, Discover discover,
                       std::function<void()> on_ready)
    : options_(std::move(options)),
      identity_(identity),
      logger_(logger),
      args_(std::move(args)),
      discover_(std::move(discover)),
      on_ready_(std::move(on_ready)) {
    const auto seed = randomBytes(8);
    std::memcpy(&random_state_, seed.data(), sizeof(random_state_));
}

RackDaemon::~RackDaemon() {
    stopAllLinks();
}

double RackDaemon::random() {
    // splitmix64: jitter needs spread, not secrecy.
    std::lock_guard lock(random_mutex_);
    uint64_t z = (random_state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) / static_cast<double>(1ULL << 53);
}

bool RackDaemon::sendToRegion(const std::string& command, Poco::JSON::Object::Ptr args) {
    std::vector<std::shared_ptr<LinkChannel>> channels;
    {
        std::lock_guard lock(mutex_);
        for (const auto& endpoint : up_) {
            if (auto it = links_.find(endpoint); it != links_.end()) {
                channels.push_back(it->second->channel());
            }
        }
    }
    for (const auto& channel : channels) {  // outside the lock: a send may block briefly
        if (channel->trySend(maas::rpc::RpcMessage::request(channel->nextOwnId(), command, args),
                             options_.link.io_timeout)) {
            return true;
        }
    }
    return false;
}

void RackDaemon::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
}

RackDaemon::Ending RackDaemon::run() {
    logger_.log(kRackStarting, "discovering region endpoints",
                {{"maas_url", [&] {
                      std::string all;
                      for (const auto& u : options_.urls) {
                          all += (all.empty() ? "" : ",") + u;
                      }
                      return all;
                  }()}});
    auto known = loadKnownEndpoints(options_.state_dir);
    const auto start = Clock::now();
    while (true) {
        discoverAndReconcile(known);
        publishStatus();
        std::unique_lock lock(mutex_);
        const auto state = connectivity(up_.size(), links_.size());
        const auto interval = discoveryInterval(
            state, std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start));
        wake_.wait_for(lock, interval, [this] { return stopping_ || deleted_ || rediscover_; });
        if (stopping_ || deleted_) {
            break;
        }
        rediscover_ = false;
    }
    const bool deleted = [this] {
        std::lock_guard lock(mutex_);
        return deleted_;
    }();
    stopAllLinks();
    if (deleted) {
        identity_.forgetSystemId();
        logger_.log(kRackDeleted,
                    "this rack controller was deleted; its system_id is cleared and rackd "
                    "stays idle until its next start, which registers it afresh");
    }
    publishStatus();
    return deleted ? Ending::Deleted : Ending::Stopped;
}

void RackDaemon::discoverAndReconcile(std::set<Endpoint>& known) {
    std::vector<std::optional<std::vector<Endpoint>>> answers;
    for (const auto& url : options_.urls) {
        try {
            answers.emplace_back(discover_(url));
            discovery_errors_.erase(url);
            std::lock_guard lock(mutex_);
            unverified_.erase(url);
        } catch (const UnverifiedDiscovery& e) {
            // Treated as no answer at all: the last verified endpoints stay.
            answers.emplace_back(std::nullopt);
            {
                std::lock_guard lock(mutex_);
                unverified_[url] = e.what();
            }
            auto& last = discovery_errors_[url];
            if (last != e.what()) {
                last = e.what();
                logger_.log(kRackDiscoveryUnverified, e.what(), {{"url", url}});
            }
        } catch (const std::exception& e) {
            answers.emplace_back(std::nullopt);
            auto& last = discovery_errors_[url];
            if (last != e.what()) {  // once per change, not once per second
                last = e.what();
                logger_.log(kRackDiscoveryFailed, e.what(), {{"url", url}});
            }
        }
    }
    std::set<Endpoint> current;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [e, link] : links_) {
            current.insert(e);
        }
    }
    const auto desired = desiredEndpoints(answers, current.empty() ? known : current);
    setEndpoints(desired);
    const bool any_answer =
        std::any_of(answers.begin(), answers.end(), [](const auto& a) { return a.has_value(); });
    if (any_answer && desired != known) {
        try {
            saveKnownEndpoints(options_.state_dir, desired);
            known = desired;
        } catch (const std::exception& e) {
            logger_.log(kRackConfigError, std::string("cannot save known regions: ") + e.what());
        }
    }
}

void RackDaemon::setEndpoints(const std::set<Endpoint>& desired) {
    std::vector<std::unique_ptr<RegionLink>> removed;
    std::vector<RegionLink*> added;
    {
        std::lock_guard lock(mutex_);
        if (stopping_ || deleted_) {
            return;
        }
        std::set<Endpoint> current;
        for (const auto& [e, link] : links_) {
            current.insert(e);
        }
        const auto changes = diffEndpoints(current, desired);
        if (changes.add.empty() && changes.remove.empty()) {
            return;
        }
        std::string text;
        for (const auto& e : desired) {
            text += text.empty() ? "" : " ";
            text += e.toString();
        }
        logger_.log(kRackEndpoints, "region endpoints: " + (text.empty() ? "none" : text),
                    {{"added", std::to_string(changes.add.size())},
                     {"removed", std::to_string(changes.remove.size())}});
        for (const auto& e : changes.remove) {
            removed.push_back(std::move(links_[e]));
            links_.erase(e);
            up_.erase(e);
            failures_.erase(e);
        }
        for (const auto& e : changes.add) {
            auto link = std::make_unique<RegionLink>(e, options_.link, identity_, args_, *this,
                                                     [this] { return random(); });
            added.push_back(link.get());
            links_.emplace(e, std::move(link));
        }
        for (auto* link : added) {
            link->start();
        }
    }
    // Join outside the lock: a stopping link may be calling back into us.
    for (auto& link : removed) {
        link->requestStop();
    }
    removed.clear();
}

void RackDaemon::stopAllLinks() {
    std::map<Endpoint, std::unique_ptr<RegionLink>> links;
    {
        std::lock_guard lock(mutex_);
        links.swap(links_);
        up_.clear();
    }
    for (auto& [e, link] : links) {
        link->requestStop();
    }
    links.clear();
}

void RackDaemon::linkUp(const Endpoint& endpoint, const maas::rpc::RegisterResult& result) {
    bool first_ready = false;
    {
        std::lock_guard lock(mutex_);
        if (!links_.contains(endpoint)) {
            return;
        }
        up_.insert(endpoint);
        failures_.erase(endpoint);
        warnings_.insert(result.warnings.begin(), result.warnings.end());
        first_ready = !ready_;
        ready_ = true;
    }
    logger_.log(kRackConnected, "registered with region " + endpoint.toString(),
                {{"system_id", result.system_id}, {"maas_uuid", result.maas_uuid}});
    for (const auto& w : result.warnings) {
        logger_.log(kRackVersionWarning, w, {{"region", endpoint.toString()}});
    }
    if (first_ready) {
        logger_.log(kRackReady, "registered as " + result.system_id);
        if (on_ready_) {
            on_ready_();
        }
    }
    publishStatus();
}

void RackDaemon::linkDown(const Endpoint& endpoint, LinkFailure failure,
                          const std::string& detail) {
    bool changed = false;
    {
        std::lock_guard lock(mutex_);
        const bool was_up = up_.erase(endpoint) > 0;
        auto& last = failures_[endpoint];
        changed = was_up || last.first != failure || last.second != detail;
        last = {failure, detail};
    }
    if (changed) {
        const MessageId* id = &kRackUnreachable;
        switch (failure) {
            case LinkFailure::AuthFailed:
                id = &kRackAuthFailed;
                break;
            case LinkFailure::WrongMaas:
                id = &kRackWrongMaas;
                break;
            case LinkFailure::Incompatible:
                id = &kRackIncompatible;
                break;
            case LinkFailure::Refused:
                id = &kRackRefused;
                break;
            case LinkFailure::Lost:
                id = &kRackDisconnected;
                break;
            case LinkFailure::Unreachable:
            case LinkFailure::Stopped:
                break;
        }
        logger_.log(*id, detail, {{"region", endpoint.toString()}, {"reason", name(failure)}});
    }
    publishStatus();
}

void RackDaemon::stopRequested(const Endpoint& endpoint, const std::string& reason) {
    {
        std::lock_guard lock(mutex_);
        deleted_ = true;
    }
    logger_.log(kRackDeleted, "region " + endpoint.toString() + " asked this rack to stop",
                {{"reason", reason}});
    wake_.notify_all();
}

void RackDaemon::regionsChanged() {
    {
        std::lock_guard lock(mutex_);
        rediscover_ = true;
    }
    wake_.notify_all();
}

void RackDaemon::markDeleted() {
    {
        std::lock_guard lock(mutex_);
        served_nothing_ = true;
    }
    publishStatus();
}

void RackDaemon::publishStatus() {
    RackStatus status;
    {
        std::lock_guard lock(mutex_);
        status.connected = up_.size();
        status.endpoints = links_.size();
        status.warnings.assign(warnings_.begin(), warnings_.end());
        for (const auto& [url, why] : unverified_) {
            status.warnings.push_back(why);
        }
        if (served_nothing_) {
            status.state = "deleted";
            status.message =
                "deleted by the region; restart rackd (or reboot) to register again as a new "
                "rack controller";
        } else if (deleted_) {
            status.state = "deleting";
            status.message =
                "deleted by the region; closing connections, stopping DHCP and power polling";
        } else if (status.endpoints > 0 && status.connected == status.endpoints) {
            status.state = "connected";
            status.message = "connected to every region controller endpoint";
        } else if (status.connected > 0) {
            status.state = "degraded";
            status.message = std::to_string(status.connected * 100 / status.endpoints) +
                             "% connected to region controllers.";
        } else {
            status.state = "disconnected";
            status.message = "not connected to any region controller";
            // A refusal explains more than "disconnected"; show the most telling one.
            for (const auto kind : {LinkFailure::AuthFailed, LinkFailure::WrongMaas,
                                    LinkFailure::Incompatible, LinkFailure::Refused}) {
                for (const auto& [e, failure] : failures_) {
                    if (failure.first == kind && status.state == "disconnected") {
                        status.state = name(kind);
                        status.message = failure.second;
                    }
                }
            }
            // Nothing to connect to because every list failed its MAC: most often a wrong
            // secret on this rack, else a forged answer.
            if (status.state == "disconnected" && status.endpoints == 0 && !unverified_.empty()) {
                status.state = name(LinkFailure::AuthFailed);
                status.message = unverified_.begin()->second;
            }
        }
    }
    status.system_id = identity_.systemId();
    status.maas_uuid = identity_.maasUuid();
    try {
        std::lock_guard lock(status_mutex_);
        writeStatus(options_.state_dir, status);
    } catch (const std::exception&) {
        // Status is advisory; the log has the same facts.
    }
}

}  // namespace maas::rack
