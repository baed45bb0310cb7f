#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "maas/rpc/dhcp_commands.h"

namespace maas::rack {

/// The on-disk format of rackd's lease event spool, pure (no I/O; fuzzed).
///
/// One text file, append-only between compactions:
///
///     maas-lease-spool 1 <spool id>\n                    header: format version, random id
///     e <seq> <action> <ip> <mac> <hostname|-> <expires> <check>\n   one lease event
///     a <seq> <check>\n                                  every event up to seq is done with
///
/// Fields are separated by single spaces and never contain whitespace; `check` is the FNV-1a
/// 32-bit hash of the record up to the space before it, in 8 hex digits. Sequence numbers
/// start at 1 and only grow within one spool id, across compactions and restarts, so the
/// region can tell a batch it has already applied. An `a` record marks events acknowledged
/// by the region, or given up when the spool was full.
struct SpooledEvent {
    uint64_t seq = 0;
    maas::rpc::LeaseEvent event;
};

inline constexpr std::string_view kSpoolMagic = "maas-lease-spool";

/// What reading a spool file found. Reading stops at the first record that is cut short or
/// does not check out (a crash mid-write can leave one at the end); `valid_bytes` is where
/// the intact prefix ends, and a writer truncates the file there before appending.
struct SpoolContents {
    std::string spool_id;              ///< "" when the file is empty or its header is unusable
    uint64_t done_through = 0;         ///< highest acknowledged or given-up sequence
    uint64_t last_seq = 0;             ///< highest sequence any record used
    std::deque<SpooledEvent> pending;  ///< events after done_through, in sequence order
    size_t valid_bytes = 0;
    size_t dropped_for_bound = 0;  ///< oldest pending events beyond max_pending, given up
    std::string problem;           ///< why reading stopped early; "" when it read everything
};

/// A spool id: 1 to 64 characters of [0-9a-f].
bool validSpoolId(std::string_view id);

std::string encodeSpoolHeader(std::string_view spool_id);
/// Throws std::invalid_argument when a field is empty or holds whitespace or control
/// characters (the hook's event lines never do).
std::string encodeSpoolEvent(uint64_t seq, const maas::rpc::LeaseEvent& event);
std::string encodeSpoolDone(uint64_t seq);

/// Parses a whole spool file; never throws. At most `max_pending` events are kept pending
/// (the oldest beyond it are counted in dropped_for_bound and marked done).
SpoolContents readSpool(std::string_view data, size_t max_pending);

/// Marks events up to `seq` done: they leave `pending`. False (and nothing changes) when seq
/// is beyond the last sequence used.
bool markDone(SpoolContents& contents, uint64_t seq);

}  // namespace maas::rack
