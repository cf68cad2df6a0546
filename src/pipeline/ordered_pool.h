#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace qascrape::pipeline {

// Runs jobs on worker threads and hands their results to `sink`, on the
// submitting thread, in submission order: re-parsing uses every core and
// the output keeps the input order. At most `window` results are pending,
// so memory stays bounded whatever the input length.
template <class R>
class OrderedPool {
 public:
  OrderedPool(int workers, std::function<void(R&&)> sink)
      : sink_(std::move(sink)),
        window_(static_cast<std::size_t>(std::max(1, workers)) * 4) {
    for (int i = 0; i < workers; ++i) threads_.emplace_back([this] { work(); });
  }
  OrderedPool(const OrderedPool&) = delete;
  OrderedPool& operator=(const OrderedPool&) = delete;
  ~OrderedPool() { finish(); }

  void submit(std::function<R()> job) {
    if (threads_.empty()) {  // no workers: run here
      sink_(job());
      return;
    }
    std::unique_lock lock(mu_);
    while (results_.size() >= window_) drain_front(lock, /*wait=*/true);
    results_.emplace_back();
    jobs_.emplace_back(next_seq_++, std::move(job));
    work_cv_.notify_one();
    while (!results_.empty() && results_.front()) drain_front(lock, false);
  }

  // Waits for every job and hands over the remaining results.
  void finish() {
    std::unique_lock lock(mu_);
    while (!results_.empty()) drain_front(lock, true);
    closed_ = true;
    work_cv_.notify_all();
    lock.unlock();
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

 private:
  void drain_front(std::unique_lock<std::mutex>& lock, bool wait) {
    if (wait) done_cv_.wait(lock, [&] { return results_.front().has_value(); });
    R r = std::move(*results_.front());
    results_.pop_front();
    ++first_seq_;
    lock.unlock();
    sink_(std::move(r));
    lock.lock();
  }

  void work() {
    std::unique_lock lock(mu_);
    while (true) {
      work_cv_.wait(lock, [&] { return closed_ || !jobs_.empty(); });
      if (jobs_.empty()) return;
      auto [seq, job] = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      R r = job();
      lock.lock();
      results_[seq - first_seq_] = std::move(r);
      done_cv_.notify_all();
    }
  }

  std::function<void(R&&)> sink_;
  std::size_t window_;
  std::mutex mu_;
  std::condition_variable work_cv_, done_cv_;
  std::deque<std::pair<std::size_t, std::function<R()>>> jobs_;
  std::deque<std::optional<R>> results_;  // results_[i] is seq first_seq_+i
  std::size_t next_seq_ = 0, first_seq_ = 0;
  bool closed_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace qascrape::pipeline
