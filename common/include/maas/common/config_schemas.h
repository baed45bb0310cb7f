#pragma once

#include "maas/common/settings.h"

namespace maas {

/// regiond.conf: MAAS's keys plus http_port, rpc_port and listen_address.
const SettingsSchema& regiondSchema();
/// rackd.conf: maas_url (one URL or a list), debug, and the rack's own ports.
const SettingsSchema& rackdSchema();
/// supervisor.conf: restart policy, shutdown grace and log format.
const SettingsSchema& supervisorSchema();

/// Default number of region workers: CPUs, capped at 8.
int64_t defaultNumWorkers();

}  // namespace maas
