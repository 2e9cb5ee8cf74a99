// Replaces the global operator new so that it counts into opgsim::test::g_allocations.
// Include it from exactly one .cpp per test executable (two definitions would not link).
// Every replaceable form is defined here (plain, array, nothrow, aligned, sized deletes), all on
// malloc/aligned_alloc and free: a form left to the library (or to ASan's interceptors) would pair
// its own allocator with these frees, which ASan reports as alloc-dealloc-mismatch
// (std::stable_sort's temporary buffer uses the nothrow new, for one).
#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>

#include "tests/unit/allocation_counter.hpp"

// GCC 12 cannot see that this new and delete are a matching malloc/free pair.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace opgsim::test::detail {
inline void* counted_malloc(std::size_t n) noexcept {
  ++g_allocations;
  return std::malloc(n ? n : 1);
}
inline void* counted_aligned(std::size_t n, std::align_val_t al) noexcept {
  ++g_allocations;
  const std::size_t a = static_cast<std::size_t>(al) < sizeof(void*) ? sizeof(void*) : static_cast<std::size_t>(al);
  const std::size_t size = ((n ? n : 1) + a - 1) / a * a;  // aligned_alloc wants a multiple of a
  return std::aligned_alloc(a, size);
}
}  // namespace opgsim::test::detail

void* operator new(std::size_t n) {
  if (void* p = opgsim::test::detail::counted_malloc(n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return ::operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return opgsim::test::detail::counted_malloc(n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return opgsim::test::detail::counted_malloc(n); }
void* operator new(std::size_t n, std::align_val_t al) {
  if (void* p = opgsim::test::detail::counted_aligned(n, al)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n, std::align_val_t al) { return ::operator new(n, al); }
void* operator new(std::size_t n, std::align_val_t al, const std::nothrow_t&) noexcept {
  return opgsim::test::detail::counted_aligned(n, al);
}
void* operator new[](std::size_t n, std::align_val_t al, const std::nothrow_t&) noexcept {
  return opgsim::test::detail::counted_aligned(n, al);
}

void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
