#pragma once

#include <memory>

#include "ha_service.h"
#include "kea_fd_watcher.h"
#include "kea_lease_store.h"
#include "kea_log_sink.h"

namespace maas::hooks {

/// Everything one loaded instance of the library owns; created in load(), destroyed in
/// unload() (Kea reloads the library on every reconfiguration).
struct HookContext {
    HookContext(HookParameters params, Bytes secret)
        : log("maas-ha", makeKeaLogSink()),
          watcher(log),
          service(std::move(params), std::move(secret), store, watcher, log.sink(),
                  maas::steadyClock()) {}

    Logger log;
    KeaLeaseStore store;
    KeaFdWatcher watcher;
    HaService service;
    bool started = false;
};

/// The instance Kea's C entry points reach (Kea gives callouts no user pointer).
HookContext* hookContext();

}  // namespace maas::hooks
