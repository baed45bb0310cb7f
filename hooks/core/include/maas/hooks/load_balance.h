#pragma once

#include <cstdint>

#include "maas/hooks/lease_record.h"
#include "maas/hooks/parameters.h"

namespace maas::hooks {

/// RFC 3074 section 6 hash of a key (client id, else hardware address): a bucket 0..255.
uint8_t loadBalanceBucket(const uint8_t* key, size_t length);

/// The bucket of a client: its client identifier when it sent one, else its hardware address.
uint8_t clientBucket(const Bytes& client_id, const Bytes& hw_address);

/// Which server owns a bucket: buckets below split belong to the primary (dhcpd semantics);
/// a split of 255 or 256 gives every bucket to the primary (hot standby, as MAAS means it).
Role bucketOwner(uint8_t bucket, int split);

/// Which server may hand out a currently free address while the two cannot talk: the free
/// pool is shared half and half by address parity, independent of split, so neither server
/// can allocate an address the other might allocate too.
Role freeAddressOwner(uint32_t address);

}  // namespace maas::hooks
