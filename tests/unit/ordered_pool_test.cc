#include "pipeline/ordered_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>

namespace qascrape::pipeline {
namespace {

TEST(OrderedPool, ResultsComeOutInSubmissionOrderWhateverFinishesFirst) {
  for (int workers : {0, 1, 2, 5}) {
    std::vector<int> got;
    std::set<std::thread::id> threads;
    std::mutex mu;
    {
      OrderedPool<int> pool(workers, [&](int&& v) { got.push_back(v); });
      for (int i = 0; i < 200; ++i) {
        pool.submit([i, &threads, &mu] {
          // Later jobs often finish first.
          std::this_thread::sleep_for(
              std::chrono::microseconds((200 - i) % 7 * 50));
          std::lock_guard lock(mu);
          threads.insert(std::this_thread::get_id());
          return i;
        });
      }
      pool.finish();
    }
    std::vector<int> want(200);
    for (int i = 0; i < 200; ++i) want[i] = i;
    EXPECT_EQ(got, want) << workers << " workers";
    if (workers > 1) {
      EXPECT_GT(threads.size(), 1u) << "jobs ran on several threads";
    }
  }
}

TEST(OrderedPool, PendingResultsAreBounded) {
  std::atomic<int> running{0}, most{0};
  std::atomic<bool> release{false};
  std::atomic<int> submitted{0};
  int delivered = 0;
  OrderedPool<int> pool(2, [&](int&&) { ++delivered; });
  std::thread submitter([&] {
    for (int i = 0; i < 100; ++i) {
      pool.submit([&] {
        const int now = ++running;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        while (!release) std::this_thread::yield();
        --running;
        return 0;
      });
      ++submitted;
    }
  });
  // With every job blocked, the submitter must stall at the window (8),
  // not queue all 100.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(delivered, 0);
  EXPECT_LE(submitted.load(), 8);  // 4 per worker
  EXPECT_GE(submitted.load(), 2);
  EXPECT_LE(most.load(), 2);
  release = true;
  submitter.join();
  pool.finish();
  EXPECT_EQ(delivered, 100);
}

}  // namespace
}  // namespace qascrape::pipeline
