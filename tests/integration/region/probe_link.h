#pragma once
// What the rack-link probes share: link settings and the registration a probe presents, from
// the rack's files under MAAS_ROOT.
#include <functional>
#include <string>

#include "maas/common/paths.h"
#include "maas/common/secret.h"
#include "maas/rack/region_link.h"

namespace maas::test {

/// The secret from MAAS_ROOT, `version`, and the probe's traffic.
inline maas::rack::LinkSettings probeSettings(const maas::Paths& paths, const std::string& version,
                                              maas::rack::LinkTraffic* traffic) {
    maas::rack::LinkSettings settings;
    settings.secret = maas::Secret::readFile(paths.secret).bytes();
    settings.version = version;
    settings.traffic = traffic;
    return settings;
}

/// Registers as `hostname` running `version`, with the ids the rack holds.
inline std::function<maas::rpc::RegisterArgs()> probeRegistration(
    const maas::rack::RackIdentity& identity, std::string hostname, std::string version) {
    return [&identity, hostname = std::move(hostname), version = std::move(version)] {
        maas::rpc::RegisterArgs a;
        a.system_id = identity.systemId();
        a.hostname = hostname;
        a.version = version;
        a.maas_uuid = identity.maasUuid();
        return a;
    };
}

}  // namespace maas::test
