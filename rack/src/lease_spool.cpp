#include "maas/rack/lease_spool.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <Poco/JSON/Object.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <random>
#include <sstream>

#include "maas/common/atomic_file.h"

namespace maas::rack {

namespace {

// A spool with nothing pending is rewritten to its header once it has grown this much, and
// one with events pending once it is this large and mostly acknowledged.
constexpr size_t kCompactEmptyBytes = 64 * 1024;
constexpr size_t kCompactBytes = 4 * 1024 * 1024;
// Roughly what one event record takes on disk.
constexpr size_t kEventBytesEstimate = 96;
constexpr auto kFullLogEvery = std::chrono::seconds(10);

std::string randomSpoolId() {
    std::random_device random;
    std::ostringstream out;
    for (int i = 0; i < 4; ++i)
        out << std::hex << static_cast<uint32_t>(random());
    return out.str();
}

std::string errnoText(const std::string& what) {
    return what + ": " + std::strerror(errno);
}

}  // namespace

LeaseSpool::LeaseSpool(std::filesystem::path file, const Logger& logger, size_t max_pending)
    : file_(std::move(file)), logger_(logger), max_pending_(max_pending) {}

void LeaseSpool::open() {
    std::lock_guard io(io_mutex_);
    const auto data = readFileIfExists(file_);
    auto contents = readSpool(data ? *data : std::string(), max_pending_);
    if (data && !data->empty() && contents.spool_id.empty()) {
        const auto aside = file_.string() + ".unreadable";
        std::filesystem::rename(file_, aside);
        logger_.log(kRackLeaseSpoolTorn, file_.string() + ": " + contents.problem + "; moved to " +
                                             aside + ", starting a new spool");
        ++torn_total_;
    }
    if (contents.spool_id.empty()) {
        startNew();
        return;
    }
    if (!contents.problem.empty()) {
        logger_.log(kRackLeaseSpoolTorn, file_.string() + ": " + contents.problem + " at byte " +
                                             std::to_string(contents.valid_bytes) + "; the rest (" +
                                             std::to_string(data->size() - contents.valid_bytes) +
                                             " bytes) is dropped");
        ++torn_total_;
        if (::truncate(file_.c_str(), static_cast<off_t>(contents.valid_bytes)) != 0)
            throw FileError(errnoText("truncating " + file_.string()));
    }
    if (contents.dropped_for_bound > 0)
        logger_.log(kRackLeaseSpoolFull, std::to_string(contents.dropped_for_bound) +
                                             " spooled lease events beyond the bound of " +
                                             std::to_string(max_pending_) + " given up");
    file_bytes_ = contents.valid_bytes;
    written_done_ = contents.done_through;
    {
        std::lock_guard lock(mutex_);
        dropped_total_ += contents.dropped_for_bound;
        state_ = std::move(contents);
    }
    openForAppend();
}

void LeaseSpool::startNew(const SpoolContents* carried_marks) {
    // The hook's marks go along: a line it sends again must not enter the new spool twice.
    const auto header = encodeSpoolHeader(randomSpoolId()) +
                        (carried_marks ? encodeSpoolHookMarks(*carried_marks) : std::string());
    writeFileAtomically(file_, header, FileMode::Config);
    {
        std::lock_guard lock(mutex_);
        state_ = readSpool(header, max_pending_);
    }
    file_bytes_ = header.size();
    written_done_ = 0;
    openForAppend();
}

void LeaseSpool::openForAppend() {
    fd_.reset(::open(file_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC));
    if (!fd_)
        throw FileError(errnoText("opening " + file_.string()));
}

void LeaseSpool::writeAll(const std::string& data) {
    size_t done = 0;
    while (done < data.size()) {
        const auto n = ::write(fd_.get(), data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            throw FileError(errnoText("writing " + file_.string()));
        done += static_cast<size_t>(n);
    }
    file_bytes_ += data.size();
}

void LeaseSpool::append(const std::vector<maas::rpc::LeaseEvent>& events) {
    std::vector<HookLeaseEvent> unsequenced;
    unsequenced.reserve(events.size());
    for (const auto& event : events)
        unsequenced.push_back({"", 0, event});
    std::lock_guard io(io_mutex_);
    writeEvents(unsequenced, nullptr);
}

HookMarks LeaseSpool::appendFromHook(const std::vector<HookLeaseEvent>& events) {
    HookMarks acked;
    std::lock_guard io(io_mutex_);
    return writeEvents(events, &acked) ? acked : HookMarks{};
}

uint64_t LeaseSpool::duplicates() const {
    std::lock_guard lock(mutex_);
    return duplicates_;
}

bool LeaseSpool::writeEvents(const std::vector<HookLeaseEvent>& events, HookMarks* acked) {
    std::string records;
    size_t dropped = 0;
    uint64_t dropped_total = 0;
    bool log_full = false;
    {
        std::lock_guard lock(mutex_);
        HookMarks advanced;
        for (const auto& [hook, hook_seq, event] : events) {
            const auto mark = state_.hook_marks.find(hook);
            if (hook_seq != 0 && mark != state_.hook_marks.end() && hook_seq <= mark->second) {
                ++duplicates_;  // sent again after a lost acknowledgement: spooled already
                continue;
            }
            std::string record;
            try {
                record = encodeSpoolEvent(state_.last_seq + 1, event);
            } catch (const std::invalid_argument& e) {
                logger_.log(kRackLeaseSpoolError, std::string("not spooled: ") + e.what());
                continue;
            }
            records += record;
            if (hook_seq != 0)
                advanced[hook] = std::max(advanced[hook], hook_seq);
            state_.pending.push_back({++state_.last_seq, event});
            if (state_.pending.size() > max_pending_) {
                state_.done_through = state_.pending.front().seq;
                state_.pending.pop_front();
                ++dropped;
            }
        }
        if (dropped > 0) {
            records += encodeSpoolDone(state_.done_through);
            dropped_total = dropped_total_ += dropped;
            const auto now = std::chrono::steady_clock::now();
            log_full = now - last_full_log_ >= kFullLogEvery;
            if (log_full)
                last_full_log_ = now;
        }
        for (const auto& [hook, seq] : advanced) {
            records += encodeSpoolHookMark(seq, hook);
            noteHookMark(state_.hook_marks, state_.hook_seen, ++state_.records, hook, seq);
        }
        if (acked)
            for (const auto& e : events)
                if (e.seq != 0 && state_.hook_marks.count(e.hook))
                    (*acked)[e.hook] = state_.hook_marks.at(e.hook);
    }
    if (log_full)
        logger_.log(kRackLeaseSpoolFull,
                    "lease event spool full (" + std::to_string(max_pending_) +
                        " events waiting for a region): the oldest are given up",
                    {{"dropped_total", std::to_string(dropped_total)}});
    if (!fd_ || unsynced_) {
        unsynced_ = unsynced_ || (fd_ && !records.empty());
        return false;  // kept in memory; the hook sends them again until a write succeeds
    }
    if (records.empty())
        return true;  // duplicates only: their marks are on disk already
    try {
        writeAll(records);
        if (::fdatasync(fd_.get()) != 0)
            throw FileError(errnoText("syncing " + file_.string()));
        return true;
    } catch (const FileError& e) {
        logger_.log(kRackLeaseSpoolError, e.what());
        unsynced_ = true;
        return false;
    }
}

LeaseSpool::Batch LeaseSpool::peek(size_t max) const {
    std::lock_guard lock(mutex_);
    Batch batch;
    batch.spool_id = state_.spool_id;
    for (const auto& item : state_.pending) {
        if (batch.events.size() >= max)
            break;
        if (batch.events.empty())
            batch.first_seq = item.seq;
        else if (item.seq != batch.first_seq + batch.events.size())
            break;  // a gap (events given up): the next batch starts after it
        batch.events.push_back(item.event);
    }
    return batch;
}

void LeaseSpool::acknowledge(uint64_t through) {
    std::lock_guard io(io_mutex_);
    uint64_t done = 0;
    {
        std::lock_guard lock(mutex_);
        markDone(state_, through);
        done = state_.done_through;
    }
    if (!fd_ || unsynced_ || done <= written_done_)
        return;  // an unsynced spool gets the mark with its rewrite
    // On disk before the region's answer is acted on: a crash right after an acknowledgement
    // must not send the region what it has recorded already.
    try {
        writeAll(encodeSpoolDone(done));
        if (::fdatasync(fd_.get()) != 0)
            throw FileError(errnoText("syncing " + file_.string()));
        written_done_ = done;
    } catch (const FileError& e) {
        logger_.log(kRackLeaseSpoolError, e.what());
    }
}

void LeaseSpool::maintain() {
    std::lock_guard io(io_mutex_);
    if (!fd_)
        return;
    std::string rewrite;
    uint64_t done = 0;
    {
        std::lock_guard lock(mutex_);
        done = state_.done_through;
        const bool compact_empty = state_.pending.empty() && file_bytes_ > kCompactEmptyBytes;
        const bool compact_mostly_done =
            file_bytes_ > kCompactBytes &&
            state_.pending.size() * kEventBytesEstimate < file_bytes_ / 2;
        if (compact_empty || compact_mostly_done || unsynced_) {
            rewrite = encodeSpoolHeader(state_.spool_id);
            if (done > 0)
                rewrite += encodeSpoolDone(done);
            for (const auto& item : state_.pending)
                rewrite += encodeSpoolEvent(item.seq, item.event);
            rewrite += encodeSpoolHookMarks(state_);
        }
    }
    try {
        if (!rewrite.empty()) {
            compact(rewrite);
            written_done_ = done;
            unsynced_ = false;
        } else if (done > written_done_) {
            writeAll(encodeSpoolDone(done));  // a mark acknowledge() could not write
            written_done_ = done;
        }
    } catch (const std::exception& e) {
        logger_.log(kRackLeaseSpoolError, e.what());
    }
    writeStats();
}

void LeaseSpool::compact(const std::string& content) {
    // Appends wait on io_mutex_, so nothing is written between the copy and the rename.
    writeFileAtomically(file_, content, FileMode::Config);
    file_bytes_ = content.size();
    openForAppend();
}

void LeaseSpool::writeStats() {
    const auto now = stats();
    if (now.pending == written_stats_.pending && now.done_through == written_stats_.done_through &&
        now.dropped_total == written_stats_.dropped_total &&
        now.torn_total == written_stats_.torn_total && now.last_seq == written_stats_.last_seq)
        return;
    Poco::JSON::Object o;
    o.set("pending", now.pending);
    o.set("done_through", now.done_through);
    o.set("last_seq", now.last_seq);
    o.set("dropped_total", now.dropped_total);
    o.set("torn_total", now.torn_total);
    std::ostringstream out;
    o.stringify(out);
    try {
        writeFileAtomically(file_.parent_path() / "lease-spool.json", out.str() + "\n",
                            FileMode::Config);
        written_stats_ = now;
    } catch (const std::exception& e) {
        logger_.log(kRackLeaseSpoolError, e.what());
    }
}

bool LeaseSpool::belongTo(const std::string& maas_uuid) {
    const auto owner_file = file_.string() + ".owner";
    std::lock_guard io(io_mutex_);
    auto owner = readFileIfExists(owner_file).value_or("");
    owner = owner.substr(0, owner.find('\n'));
    if (owner == maas_uuid || maas_uuid.empty())
        return false;
    bool moved = false;
    if (!owner.empty()) {
        // A uuid from a region: only its safe characters make the file name.
        std::string tag;
        for (char c : owner)
            if (std::isalnum(static_cast<unsigned char>(c)) || c == '-')
                tag += c;
        const auto aside = file_.string() + "." + (tag.empty() ? "other-maas" : tag);
        const auto pending = stats().pending;
        SpoolContents marks;
        {
            std::lock_guard lock(mutex_);
            marks.hook_marks = state_.hook_marks;
            marks.hook_seen = state_.hook_seen;
        }
        fd_.reset();
        std::filesystem::rename(file_, aside);
        logger_.log(kRackLeaseSpoolMoved,
                    std::to_string(pending) + " lease events of MAAS " + owner + " moved to " +
                        aside + ": this rack now belongs to MAAS " + maas_uuid,
                    {{"pending", std::to_string(pending)}});
        startNew(&marks);
        moved = true;
    }
    writeFileAtomically(owner_file, maas_uuid + "\n", FileMode::Config);
    return moved;
}

LeaseSpool::Stats LeaseSpool::stats() const {
    std::lock_guard lock(mutex_);
    return {state_.pending.size(), state_.done_through, state_.last_seq, dropped_total_,
            torn_total_};
}

}  // namespace maas::rack
