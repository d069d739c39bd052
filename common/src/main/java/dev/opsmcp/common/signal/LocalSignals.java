package dev.opsmcp.common.signal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** In-process signalling: enough when one process owns the (embedded) database. */
class LocalSignals implements Signals {
  private final ConcurrentHashMap<String, Set<Waiter>> waiters = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  @Override
  public Waiter watch(String key) {
    Waiter[] holder = new Waiter[1];
    holder[0] =
        new Waiter(
            () ->
                waiters.computeIfPresent(
                    key,
                    (k, set) -> {
                      set.remove(holder[0]);
                      return set.isEmpty() ? null : set;
                    }));
    waiters.compute(
        key,
        (k, set) -> {
          Set<Waiter> s = set == null ? ConcurrentHashMap.newKeySet() : set;
          s.add(holder[0]);
          return s;
        });
    return holder[0];
  }

  @Override
  public void signal(String key) {
    deliver(key);
  }

  /**
   * Wakes local watchers and listeners only; {@link Signals#RECONNECTED} wakes every watcher, since
   * any of their keys may have been signalled unheard.
   */
  final void deliver(String key) {
    if (RECONNECTED.equals(key)) {
      waiters.values().forEach(set -> set.forEach(Waiter::wake));
    } else {
      Set<Waiter> set = waiters.get(key);
      if (set != null) {
        set.forEach(Waiter::wake);
      }
    }
    for (Consumer<String> listener : listeners) {
      try {
        listener.accept(key);
      } catch (RuntimeException e) {
        // a listener's failure (a closed event stream) must not stop delivery to the others
      }
    }
  }

  @Override
  public AutoCloseable listen(Consumer<String> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public void close() {}
}
