#include "maas/rack/interface_monitor.h"

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

#include <Poco/JSON/Stringifier.h>

#include <sstream>

namespace maas::rack {

namespace {

/// A socket that becomes readable on any link, address or route change; empty if refused.
UniqueFd openNetlink() {
    UniqueFd fd(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE));
    if (!fd) {
        return fd;
    }
    sockaddr_nl address{};
    address.nl_family = AF_NETLINK;
    address.nl_groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR | RTMGRP_IPV4_ROUTE;
    if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
        return UniqueFd();
    }
    return fd;
}

void drain(int fd) {
    char buffer[8192];
    while (::recv(fd, buffer, sizeof(buffer), MSG_DONTWAIT) > 0) {
    }
}

}  // namespace

std::string reportKey(const NetworkReport& report) {
    maas::rpc::UpdateInterfacesArgs args{"", report.interfaces, report.gateways};
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(maas::rpc::toJson(args), out);
    return out.str();
}

InterfaceMonitor::InterfaceMonitor(Source source, Send send, std::function<std::string()> system_id,
                                   std::chrono::milliseconds interval)
    : source_(std::move(source)),
      send_(std::move(send)),
      system_id_(std::move(system_id)),
      interval_(interval),
      stop_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

InterfaceMonitor::~InterfaceMonitor() {
    stop();
}

NetworkReport InterfaceMonitor::current() {
    auto report = source_();
    std::lock_guard lock(mutex_);
    reported_ = reportKey(report);
    return report;
}

bool InterfaceMonitor::checkOnce() {
    auto report = source_();
    const auto key = reportKey(report);
    {
        std::lock_guard lock(mutex_);
        if (reported_ == key) {
            return false;
        }
    }
    const auto system_id = system_id_();
    if (system_id.empty()) {
        return false;  // not registered yet: registration will carry it
    }
    if (!send_({system_id, std::move(report.interfaces), std::move(report.gateways)})) {
        return false;
    }
    std::lock_guard lock(mutex_);
    reported_ = key;
    return true;
}

void InterfaceMonitor::start() {
    thread_ = std::thread([this] { loop(); });
}

void InterfaceMonitor::stop() {
    if (thread_.joinable()) {
        const uint64_t one = 1;
        [[maybe_unused]] auto written = ::write(stop_fd_.get(), &one, sizeof(one));
        thread_.join();
    }
}

void InterfaceMonitor::loop() {
    const auto netlink = openNetlink();
    // Changes come in bursts (link up, then addresses, then routes): settle before comparing.
    constexpr int kSettleMs = 200;
    auto next_check = std::chrono::steady_clock::now() + interval_;
    while (true) {
        const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(
            next_check - std::chrono::steady_clock::now());
        pollfd fds[2] = {{stop_fd_.get(), POLLIN, 0}, {netlink.get(), POLLIN, 0}};
        const int ready =
            ::poll(fds, netlink ? 2 : 1, static_cast<int>(std::max<int64_t>(0, wait.count())));
        if (ready > 0 && (fds[0].revents & POLLIN)) {
            return;
        }
        if (ready > 0 && netlink && (fds[1].revents & POLLIN)) {
            pollfd stop_only{stop_fd_.get(), POLLIN, 0};
            if (::poll(&stop_only, 1, kSettleMs) > 0) {
                return;
            }
            drain(netlink.get());
        } else if (std::chrono::steady_clock::now() < next_check) {
            continue;
        }
        try {
            checkOnce();
        } catch (const std::exception&) {
            // The next round tries again.
        }
        next_check = std::chrono::steady_clock::now() + interval_;
    }
}

}  // namespace maas::rack
