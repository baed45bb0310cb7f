#pragma once

#include <optional>
#include <set>
#include <string>

#include "maas/region/api/call.h"
#include "maas/region/api/list_cache.h"

namespace maas::region::api {

/// Whether "<Handler>.<action>" is a list read the cache may answer: its body depends only on
/// the database (every table it reads is tracked by migration 0115), the live racks, the
/// caller's visibility and the parameters. The controller lists are, with their controllers'
/// rendered last_seen in the stamp (heartbeats bump no generation).
bool cachedListAction(const std::string& action);

/// The node types whose rendered last_seen a list's stamp carries (the controller lists); empty
/// for the others.
const std::set<int>& stampedControllers(const std::string& action);

/// The kept answer for this caller, parameters and encoding at this stamp, if there is one:
/// no database work at all (the stamp was read with the caller's credentials).
std::optional<http::Response> cachedHit(ListCache& cache, const std::string& action,
                                        const Call& call, const ListStamp& stamp);

/// Runs a cacheable GET inside the request's transaction: the stamp is read before the action
/// and again after it, and the answer is kept only when both agree (no tracked write committed
/// in between, so the answer is exactly that generation's). The answer is negotiated here
/// (ETag, gzip) and kept per encoding, so a hit costs neither the query nor the compression.
/// stamp_read: the stamp already read for this request (with its authentication), if any.
http::Response cachedRead(ListCache& cache, const std::string& action, const ActionImpl& impl,
                          const Call& call, std::optional<ListStamp> stamp_read = std::nullopt);

}  // namespace maas::region::api
