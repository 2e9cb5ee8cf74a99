// Counts every global operator new of the test executable that includes this header (include
// it from exactly one .cpp per executable): hot-path tests assert that a call allocates nothing.
#pragma once

#include <atomic>
#include <cstdlib>
#include <new>

namespace opgsim::test {
inline std::atomic<long> g_allocations{0};
}

// GCC 12 cannot see that this new and delete are a matching malloc/free pair.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

void* operator new(std::size_t n) {
  ++opgsim::test::g_allocations;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
