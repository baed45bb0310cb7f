#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "maas/common/log.h"
#include "maas/common/unique_fd.h"
#include "maas/rack/lease_spool_format.h"

namespace maas::rack {

inline constexpr MessageId kRackLeaseSpoolFull{
    "RACK_LEASE_SPOOL_FULL", Severity::Warn,
    "The lease event spool reached its bound while no region took the events; the oldest were "
    "given up."};
inline constexpr MessageId kRackLeaseSpoolTorn{
    "RACK_LEASE_SPOOL_TORN", Severity::Warn,
    "The lease event spool ended in a record a crash cut short or damaged; it was dropped."};
inline constexpr MessageId kRackLeaseSpoolError{
    "RACK_LEASE_SPOOL_ERROR", Severity::Error,
    "The lease event spool could not be written; events stay in memory until delivered."};

inline constexpr MessageId kRackLeaseSpoolMoved{
    "RACK_LEASE_SPOOL_MOVED", Severity::Warn,
    "The rack registered with another MAAS than the one its spooled lease events belong to; "
    "they were moved aside, never sent to the new MAAS."};

/// Lease events on their way to the region, kept in an append-only file under the rack's
/// state directory (format: lease_spool_format.h) so a rackd restart or a long region outage
/// loses none. Events get consecutive sequence numbers; a batch leaves the spool only when a
/// region acknowledged the sequence it recorded. Thread-safe: the lease socket's thread
/// appends, region links peek and acknowledge, the DHCP agent's thread calls maintain().
class LeaseSpool {
  public:
    static constexpr size_t kDefaultMaxPending = 100000;

    struct Batch {
        std::string spool_id;
        uint64_t first_seq = 0;
        std::vector<maas::rpc::LeaseEvent> events;
    };
    struct Stats {
        size_t pending = 0;
        uint64_t done_through = 0;
        uint64_t last_seq = 0;
        uint64_t dropped_total = 0;  ///< given up at the bound since this rackd started
        uint64_t torn_total = 0;     ///< damaged tails dropped when the spool was opened
    };

    LeaseSpool(std::filesystem::path file, const Logger& logger,
               size_t max_pending = kDefaultMaxPending);

    /// Reads what a previous rackd left (dropping a torn tail) or starts a new spool (0640).
    /// Throws FileError when the file can be neither read nor created.
    void open();
    /// Writes the events and fsyncs once for the whole batch. At the bound the oldest events
    /// are given up (logged, counted).
    void append(const std::vector<maas::rpc::LeaseEvent>& events);
    /// The hook's lines: those a hook instance sent before (its seq at or below its mark) are
    /// dropped as duplicates, the rest appended with the new marks, fsync'd once. Returns, for
    /// every sequenced instance of the batch, the mark to acknowledge; empty when nothing could
    /// be made durable (no file, a failed write), so the hook keeps its lines and sends again.
    HookMarks appendFromHook(const std::vector<HookLeaseEvent>& events);
    /// Hook lines dropped because the spool held them already.
    uint64_t duplicates() const;
    /// The oldest pending events, at most max of them (empty when none).
    Batch peek(size_t max) const;
    /// The region recorded every event up to `through`: they leave the spool, and the mark is
    /// written and fsync'd before this returns, so a crash right after it resends none of them.
    void acknowledge(uint64_t through);
    /// Writes a mark acknowledge() failed to write, rewrites the file once most of it is
    /// acknowledged, and
    /// writes the counters to lease-spool.json beside the spool.
    void maintain();
    Stats stats() const;
    /// The rack registered with MAAS `maas_uuid`. The spool belongs to the MAAS recorded in
    /// `<spool>.owner` (0640): a spool with no owner yet is claimed for this one; a spool of
    /// another MAAS is moved to `<spool>.<its uuid>` with a log line and a new spool begins,
    /// so no event of a MAAS the rack left reaches the one it joined. True when moved.
    /// Call it before the first batch goes to a region.
    bool belongTo(const std::string& maas_uuid);

  private:
    void startNew(const SpoolContents* carried_marks = nullptr);
    /// Appends under io_mutex_; true when the records reached the disk.
    bool writeEvents(const std::vector<HookLeaseEvent>& events, HookMarks* acked);
    void openForAppend();
    void writeAll(const std::string& data);
    void compact(const std::string& header_and_events);
    void writeStats();

    std::filesystem::path file_;
    const Logger& logger_;
    size_t max_pending_;

    std::mutex io_mutex_;  ///< the file; taken before mutex_
    UniqueFd fd_;
    uint64_t written_done_ = 0;  ///< done_through as the file records it
    size_t file_bytes_ = 0;
    /// A write failed: the file may end in a torn record and lacks what memory holds. Nothing
    /// is appended or acknowledged to the hook until maintain() rewrote the whole spool.
    bool unsynced_ = false;
    Stats written_stats_{};

    mutable std::mutex mutex_;  ///< the in-memory state below
    SpoolContents state_;
    uint64_t dropped_total_ = 0;
    uint64_t torn_total_ = 0;
    uint64_t duplicates_ = 0;
    std::chrono::steady_clock::time_point last_full_log_{};
};

}  // namespace maas::rack
