#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "load_client.h"

namespace maas::bench {

/// A region the load runs against: started, killed with SIGKILL, restarted.
class RegionUnderTest {
  public:
    virtual ~RegionUnderTest() = default;
    /// Starts the region; returns once it accepts racks (or throws).
    virtual void start() = 0;
    /// kill -9 of every region process, reaped.
    virtual void killAll() = 0;
    /// Region processes (RSS and CPU are summed over them).
    virtual std::vector<pid_t> regionPids() const = 0;
    /// Database processes whose CPU the region causes (empty when there is none).
    virtual std::vector<pid_t> databasePids() const { return {}; }
    /// One target per region worker; every rack connects to each.
    virtual std::vector<Target> targets() const = 0;
};

struct StandInOptions {
    std::string binary;  ///< build/tests/maas-test-region
    std::string address;
    int workers = 2;
    int http_port = 0;
    int rpc_port = 0;  ///< worker I listens on rpc_port + I
    std::filesystem::path secret_file;
    bool cleartext = false;  ///< RPC without TLS: the baseline TLS is measured against
};

/// tests/integration/rack's stand-in: one process, RpcServer with an in-memory directory.
class StandInRegion : public RegionUnderTest {
  public:
    explicit StandInRegion(StandInOptions o) : o_(std::move(o)) {}
    ~StandInRegion() override { killAll(); }
    void start() override;
    void killAll() override;
    std::vector<pid_t> regionPids() const override;
    std::vector<Target> targets() const override;

  private:
    StandInOptions o_;
    pid_t pid_ = -1;
};

struct RealOptions {
    std::string regiond;                ///< build/bin/maas-regiond
    std::filesystem::path maas_root;    ///< holds etc/maas/regiond.conf and var/lib/maas/secret
    std::string address = "127.0.0.1";  ///< listen_address of regiond.conf
    int rpc_port = 0;                   ///< rpc_port of regiond.conf
    int workers = 2;
    pid_t postmaster = -1;  ///< its children are the PostgreSQL backends
    std::chrono::seconds ready_timeout{30};
};

/// Real maas-regiond workers (--worker-index I) against a real PostgreSQL.
class RealRegion : public RegionUnderTest {
  public:
    explicit RealRegion(RealOptions o) : o_(std::move(o)) {}
    ~RealRegion() override { killAll(); }
    /// The first start applies the schema, so the workers start one after another then;
    /// later starts (a restart) start them all at once.
    void start() override;
    void killAll() override;
    std::vector<pid_t> regionPids() const override { return pids_; }
    std::vector<pid_t> databasePids() const override;
    std::vector<Target> targets() const override;

  private:
    struct Pending {
        pid_t pid;
        int ready_fd;
    };
    Pending spawn(int index);
    void waitReady(const Pending& p, int index);

    RealOptions o_;
    std::vector<pid_t> pids_;
    bool started_once_ = false;
};

}  // namespace maas::bench
