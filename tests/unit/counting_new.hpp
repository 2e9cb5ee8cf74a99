// Replaces the global operator new so that it counts into opgsim::test::g_allocations.
// Include it from exactly one .cpp per test executable (two definitions would not link).
#pragma once

#include <cstdlib>
#include <new>

#include "tests/unit/allocation_counter.hpp"

// GCC 12 cannot see that this new and delete are a matching malloc/free pair.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

void* operator new(std::size_t n) {
  ++opgsim::test::g_allocations;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
// The nothrow forms too (std::stable_sort's temporary buffer uses them): left to the library's,
// they would pair the library's new with this malloc-based delete (ASan: alloc-dealloc-mismatch).
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  ++opgsim::test::g_allocations;
  return std::malloc(n ? n : 1);
}
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
