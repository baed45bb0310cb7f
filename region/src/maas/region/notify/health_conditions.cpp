// The notifications the region raises about itself, from facts it read (pure): each names its
// condition in `ident`, so raising the same condition again updates one row.
#include <Poco/JSON/Object.h>

#include <algorithm>
#include <ctime>
#include <map>
#include <sstream>

#include "maas/region/notify/notification_rules.h"

namespace maas::region::notify {

namespace {

std::string json(const Poco::JSON::Object& o) {
    std::ostringstream out;
    o.stringify(out);
    return out.str();
}

std::string utcDate(std::chrono::system_clock::time_point t) {
    const auto seconds = std::chrono::system_clock::to_time_t(t);
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &parts);
    return text;
}

void deadRacks(const HealthFacts& facts, std::vector<RaisedNotification>& out) {
    for (const auto& c : facts.controllers) {
        if (!c.is_rack || c.rackd_status != "dead")
            continue;
        Poco::JSON::Object context;
        context.set("hostname", c.hostname);
        context.set("system_id", c.system_id);
        out.push_back({"rack_dead:" + c.system_id, "error",
                       escapeBraces("Rack controller " + c.hostname +
                                    " is dead: no region controller has heard from it. DHCP "
                                    "and power control it served move to other racks where "
                                    "they can."),
                       json(context)});
    }
}

void versionMismatch(const HealthFacts& facts, std::vector<RaisedNotification>& out) {
    std::map<std::string, std::vector<std::string>> by_version;
    for (const auto& c : facts.controllers)
        if (!c.version.empty())
            by_version[c.version].push_back(c.hostname);
    if (by_version.size() < 2)
        return;
    std::string list;
    Poco::JSON::Object context;
    for (auto& [version, hosts] : by_version) {
        std::sort(hosts.begin(), hosts.end());
        std::string names;
        Poco::JSON::Array array;
        for (const auto& h : hosts) {
            names += (names.empty() ? "" : ", ") + h;
            array.add(h);
        }
        list += (list.empty() ? "" : "; ") + version + " on " + names;
        context.set(version, array);
    }
    out.push_back({"version_mismatch", "warning",
                   escapeBraces("Controllers run different versions (" + list +
                                "). Upgrade them to one version."),
                   json(context)});
}

std::string serverState(const DhcpServerFact& s) {
    if (s.rackd_status == "dead")
        return s.role + " " + s.hostname + " is dead";
    return s.role + " " + s.hostname + "'s dhcpd is " +
           (s.dhcpd_status.empty() ? "not reported" : s.dhcpd_status);
}

void dhcpWithoutServer(const HealthFacts& facts, std::vector<RaisedNotification>& out) {
    for (const auto& v : facts.dhcp_vlans) {
        if (std::any_of(v.servers.begin(), v.servers.end(), servesDhcp))
            continue;
        std::string why;
        for (const auto& s : v.servers)
            why += (why.empty() ? "" : ", ") + serverState(s);
        if (why.empty())
            why = "it has no primary rack";
        Poco::JSON::Object context;
        context.set("vlan", v.name);
        context.set("vlan_id", v.vlan_id);
        out.push_back({"dhcp_no_server:" + std::to_string(v.vlan_id), "error",
                       escapeBraces("DHCP is enabled on VLAN " + v.name +
                                    ", but no rack controller serves it: " + why + "."),
                       json(context)});
    }
}

void crashLoops(const HealthFacts& facts, std::vector<RaisedNotification>& out) {
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(kCrashLoopWindow).count();
    for (const auto& f : facts.service_falls) {
        if (f.falls < kCrashLoopFalls)
            continue;
        Poco::JSON::Object context;
        context.set("hostname", f.hostname);
        context.set("system_id", f.system_id);
        context.set("service", f.service);
        context.set("falls", f.falls);
        out.push_back({"service_crashloop:" + f.system_id + ":" + f.service, "error",
                       escapeBraces("Service " + f.service + " on " + f.hostname +
                                    " is crash-looping: it stopped " + std::to_string(f.falls) +
                                    " times in the last " + std::to_string(minutes) +
                                    " minutes (now " + f.status + ")."),
                       json(context)});
    }
}

void tlsExpiry(const HealthFacts& facts, std::vector<RaisedNotification>& out) {
    if (!facts.tls || facts.tls->not_after - facts.now > kTlsWarnBefore)
        return;
    const auto left = facts.tls->not_after - facts.now;
    const auto days = std::chrono::duration_cast<std::chrono::hours>(left).count() / 24;
    const bool expired = left <= std::chrono::seconds(0);
    const std::string when = expired ? "expired on " + utcDate(facts.tls->not_after)
                                     : "expires in " + std::to_string(days) +
                                           (days == 1 ? " day" : " days") + " (" +
                                           utcDate(facts.tls->not_after) + ")";
    Poco::JSON::Object context;
    context.set("subject", facts.tls->subject);
    context.set("not_after", utcDate(facts.tls->not_after));
    out.push_back({"tls_certificate_expiring", expired ? "error" : "warning",
                   escapeBraces("The API's TLS certificate (" + facts.tls->subject + ") " + when +
                                ". Replace it with maas config-tls enable."),
                   json(context)});
}

}  // namespace

bool servesDhcp(const DhcpServerFact& server) {
    return server.rackd_status != "dead" && server.dhcpd_status == "running";
}

std::vector<RaisedNotification> raisedNotifications(const HealthFacts& facts) {
    std::vector<RaisedNotification> out;
    deadRacks(facts, out);
    versionMismatch(facts, out);
    dhcpWithoutServer(facts, out);
    crashLoops(facts, out);
    tlsExpiry(facts, out);
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a.ident < b.ident; });
    return out;
}

}  // namespace maas::region::notify
