#include "maas/region/worker/registration.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include "maas/common/atomic_file.h"
#include "maas/region/store/users_store.h"

namespace maas::region::worker {

Registration::Registration(db::Pool& pool, const Logger& log, const WorkerConfig& config,
                           std::function<bool()> may_run_singletons)
    : pool_(pool),
      log_(log),
      config_(config),
      may_run_singletons_(std::move(may_run_singletons)),
      thread_(
          config.heartbeat_interval,
          [this] {
              beat();
              if (on_heartbeat_)
                  on_heartbeat_();
          },
          [this](const std::exception& e) { log_.log(kHeartbeatFailed, e.what()); }) {}

Registration::~Registration() {
    stop();
}

void Registration::registerNow() {
    std::optional<std::string> known_id;
    if (auto text = readFileIfExists(config_.maas_id_file)) {
        while (!text->empty() && (text->back() == '\n' || text->back() == ' '))
            text->pop_back();
        if (!text->empty())
            known_id = *text;
    }
    const store::ProcessEndpoint endpoint{config_.hostname,     getpid(),
                                          config_.worker_index, config_.listen_address,
                                          config_.http_port,    config_.advertise_address,
                                          config_.rpc_port,     config_.num_workers};
    db::inTransaction(pool_, [&](db::Connection& conn) {
        store::ProcessStore processes(conn);
        node_ = processes.ensureRegionNode(known_id, config_.hostname, config_.version);
        // Rows of this host whose process is gone (a worker killed -9 and restarted) need not
        // wait for the stale timeout: the kernel tells us they are dead.
        for (const auto& [id, pid] : processes.processesOnHost(config_.hostname))
            if (pid != getpid() && ::kill(pid, 0) != 0 && errno == ESRCH)
                processes.removeProcess(id);
        process_id_ = processes.upsertProcess(node_.id, endpoint);
    });
    if (known_id != node_.system_id) {
        std::error_code ec;
        std::filesystem::create_directories(config_.maas_id_file.parent_path(), ec);
        writeFileAtomically(config_.maas_id_file, node_.system_id + "\n", FileMode::Public);
    }
    log_.log(kRegistered, "worker registered",
             {{"system_id", node_.system_id}, {"rpc_port", std::to_string(config_.rpc_port)}});
}

void Registration::start() {
    registerNow();
    thread_.start();
}

void Registration::stop() {
    thread_.stop();
    if (process_id_ == 0)
        return;  // never registered, or already removed
    try {
        auto lease = pool_.acquire();
        store::ProcessStore(*lease).removeProcess(process_id_);
    } catch (const std::exception&) {
        // The row goes stale and the next cleanup removes it.
    }
    process_id_ = 0;
}

void Registration::beat() {
    bool alive = false;
    std::optional<std::vector<std::string>> removed;
    db::inTransaction(pool_, [&](db::Connection& conn) {
        store::ProcessStore processes(conn);
        alive = processes.heartbeat(process_id_);
        if (!may_run_singletons_ || may_run_singletons_())
            removed = processes.removeStale(config_.stale_seconds);
        if (removed)  // we hold the cleanup lock for this transaction
            store::UsersStore(conn).purgeNonces(2 * 300);
    });
    if (!alive)
        registerNow();  // removed while we were stalled: come back
    if (removed)
        for (const auto& worker : *removed)
            log_.log(kStaleRemoved, "removed stale region worker", {{"worker", worker}});
}

}  // namespace maas::region::worker
