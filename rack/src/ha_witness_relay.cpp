#include "maas/rack/ha_witness_relay.h"

#include <Poco/JSON/Parser.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cstring>
#include <sstream>

#include "maas/common/atomic_file.h"
#include "maas/common/unique_fd.h"
#include "maas/rpc/commands.h"

namespace maas::rack {

namespace mr = maas::rpc;
using Poco::JSON::Object;

std::optional<Object::Ptr> KeaControlSocket::send(const std::string& json) {
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_un addr{};
    if (!fd || path_.size() >= sizeof addr.sun_path)
        return std::nullopt;
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, path_.data(), path_.size());
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
        return std::nullopt;  // kea-dhcp4 is not running (or not yet listening)
    if (::send(fd.get(), json.data(), json.size(), MSG_NOSIGNAL) !=
        static_cast<ssize_t>(json.size()))
        return std::nullopt;
    // Kea answers and closes. Bounded in time and size: a status is a few kB.
    constexpr size_t kMaxAnswer = 256 * 1024;
    const auto deadline = std::chrono::steady_clock::now() + timeout_;
    std::string answer;
    char buffer[16384];
    while (answer.size() < kMaxAnswer) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        pollfd p{fd.get(), POLLIN, 0};
        if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) != 1)
            return std::nullopt;
        const ssize_t n = ::recv(fd.get(), buffer, sizeof buffer, 0);
        if (n < 0)
            return std::nullopt;
        if (n == 0)
            break;
        answer.append(buffer, static_cast<size_t>(n));
    }
    try {
        auto parsed = Poco::JSON::Parser().parse(answer).extract<Object::Ptr>();
        return parsed ? std::optional<Object::Ptr>(parsed) : std::nullopt;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::optional<mr::DhcpHaStatusArgs> haStatusFromHook(const Object& answer) {
    try {
        if (!answer.has("result") || answer.getValue<int>("result") != 0)
            return std::nullopt;
        const auto args = answer.getObject("arguments");
        if (!args || !args->has("role"))
            return std::nullopt;
        mr::DhcpHaStatusArgs s;
        s.role = args->getValue<std::string>("role");
        if (s.role != "primary" && s.role != "secondary")
            return std::nullopt;  // standalone: no partner, nothing for the witness
        s.state = args->getValue<std::string>("state");
        s.partner_state = args->getValue<std::string>("partner-state");
        s.link_up = args->getValue<std::string>("link") == "up";
        s.backlog = args->getValue<int64_t>("backlog");
        s.last_contact_ms_ago = args->getValue<int64_t>("last-contact-ms-ago");
        const auto witness = args->getObject("witness");
        const auto failover = args->getObject("last-failover");
        const auto counters = args->getObject("counters");
        if (!witness || !failover || !counters)
            return std::nullopt;
        s.holds_partner_leases = witness->getValue<bool>("holds-partner-leases");
        s.allocation = witness->getValue<std::string>("allocation");
        s.last_failover_ms_ago = failover->getValue<int64_t>("ms-ago");
        s.last_failover_reason = failover->getValue<std::string>("reason");
        s.ack_latency_avg_us = counters->getValue<int64_t>("ack-latency-avg-us");
        return s;
    } catch (const std::exception&) {
        return std::nullopt;  // another hook version: report nothing rather than guess
    }
}

HaWitnessRelay::HaWitnessRelay(KeaCommands& kea, Report report, SystemId system_id,
                               std::shared_ptr<RegionRequestHandler> next, const Logger& logger,
                               std::filesystem::path status_file, std::chrono::milliseconds period)
    : kea_(kea),
      report_(std::move(report)),
      system_id_(std::move(system_id)),
      next_(std::move(next)),
      logger_(logger),
      status_file_(std::move(status_file)),
      thread_(
          period, [this] { runOnce(); },
          [this](const std::exception& e) { logger_.log(kRackHaRelayFailed, e.what()); },
          PeriodicThread::FirstTick::AtStart) {}

HaWitnessRelay::~HaWitnessRelay() {
    stop();
}

void HaWitnessRelay::start() {
    thread_.start();
}

void HaWitnessRelay::stop() {
    thread_.stop();
}

void HaWitnessRelay::heartbeatAcked(Clock::time_point sent) {
    // steady_clock is CLOCK_MONOTONIC, the clock kea-dhcp4's hook reads on this host.
    const int64_t ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(sent.time_since_epoch()).count();
    int64_t seen = contact_ms_.load();
    while (ms > seen && !contact_ms_.compare_exchange_weak(seen, ms)) {
    }
}

bool HaWitnessRelay::handles(const std::string& command) const {
    return command == mr::command::kDhcpPartnerDown || (next_ && next_->handles(command));
}

void HaWitnessRelay::handle(const mr::RpcMessage& request, Reply reply) {
    if (request.command != mr::command::kDhcpPartnerDown) {
        next_->handle(request, std::move(reply));
        return;
    }
    mr::DhcpPartnerDownArgs args;
    try {
        args = mr::decodeDhcpPartnerDown(*request.body);
    } catch (const std::exception& e) {
        reply(mr::RpcMessage::error(request.id, mr::code::kBadRequest, e.what()));
        return;
    }
    {
        // The link thread must not wait on Kea: the relay's thread carries the order out.
        std::lock_guard lock(mutex_);
        orders_.push_back(Order{request.id, args.fence_wait_ms, std::move(reply)});
    }
    thread_.wakeNow();
}

void HaWitnessRelay::carryOut(Order& order) {
    Object::Ptr args = new Object;
    args->set("fence-wait-ms", order.fence_wait_ms);
    Object command;
    command.set("command", "maas-ha-partner-down");
    command.set("arguments", args);
    std::ostringstream text;
    command.stringify(text);
    const auto answer = kea_.send(text.str());
    if (!answer || !(*answer)->has("result") || (*answer)->getValue<int>("result") != 0) {
        const std::string why = answer && (*answer)->has("text")
                                    ? (*answer)->getValue<std::string>("text")
                                    : std::string("kea-dhcp4 did not answer");
        order.reply(mr::RpcMessage::error(order.id, mr::code::kInternal, why));
        return;
    }
    const std::string said = (*answer)->getValue<std::string>("text");
    logger_.log(kRackHaTakeover, said, {{"fence-wait-ms", std::to_string(order.fence_wait_ms)}});
    Object::Ptr result = new Object;
    result->set("text", said);
    order.reply(mr::RpcMessage::reply(order.id, result));
}

void HaWitnessRelay::runOnce() {
    std::deque<Order> orders;
    {
        std::lock_guard lock(mutex_);
        orders.swap(orders_);
    }
    for (auto& order : orders)
        carryOut(order);
    const int64_t contact = contact_ms_.load();
    if (contact >= 0) {
        kea_.send(R"({"command": "maas-ha-witness", "arguments": {"contact-ms": )" +
                  std::to_string(contact) + "}}");
    }
    const auto answer = kea_.send(R"({"command": "maas-ha-status"})");
    if (!answer)
        return;
    writeLeaseEvents(**answer);
    auto status = haStatusFromHook(**answer);
    if (!status)
        return;
    status->system_id = system_id_();
    if (!status_file_.empty()) {
        try {
            std::ostringstream text;
            mr::toJson(*status)->stringify(text);
            writeFileAtomically(status_file_, text.str(), FileMode::Config);
        } catch (const std::exception&) {
            // `maas status` then says the report is old; DHCP itself is not affected.
        }
    }
    if (!status->system_id.empty())
        report_(*status);
}

void HaWitnessRelay::writeLeaseEvents(const Object& answer) const {
    if (status_file_.empty())
        return;
    try {
        const auto args = answer.getObject("arguments");
        const auto events = args ? args->getObject("lease-events") : nullptr;
        if (!events)
            return;
        std::ostringstream text;
        events->stringify(text);
        writeFileAtomically(status_file_.parent_path() / kLeaseEventsStatusFile, text.str(),
                            FileMode::Config);
    } catch (const std::exception&) {
        // `maas status` then says the counters are old; DHCP itself is not affected.
    }
}

}  // namespace maas::rack
