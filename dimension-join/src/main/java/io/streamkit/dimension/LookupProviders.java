package io.streamkit.dimension;

import org.apache.flink.table.connector.source.lookup.AsyncLookupFunctionProvider;
import org.apache.flink.table.connector.source.lookup.LookupFunctionProvider;
import org.apache.flink.table.connector.source.lookup.PartialCachingAsyncLookupProvider;
import org.apache.flink.table.connector.source.lookup.PartialCachingLookupProvider;
import org.apache.flink.table.connector.source.lookup.cache.LookupCache;
import org.apache.flink.table.functions.AsyncLookupFunction;
import org.apache.flink.table.functions.LookupFunction;

/**
 * Lookup providers that offer both a synchronous and an asynchronous function, so that Flink's
 * planner chooses: asynchronous where it can, synchronous where the plan needs it, and whatever a
 * {@code LOOKUP('async' = ...)} hint asks for. Used when {@code lookup.async} is not set.
 */
final class LookupProviders {
  private LookupProviders() {}

  static Both both(LookupFunction sync, AsyncLookupFunction async) {
    return new Both(sync, async);
  }

  static BothCaching bothCaching(
      LookupFunction sync, AsyncLookupFunction async, LookupCache cache) {
    return new BothCaching(sync, async, cache);
  }

  static class Both implements LookupFunctionProvider, AsyncLookupFunctionProvider {
    private final LookupFunction sync;
    private final AsyncLookupFunction async;

    private Both(LookupFunction sync, AsyncLookupFunction async) {
      this.sync = sync;
      this.async = async;
    }

    @Override
    public LookupFunction createLookupFunction() {
      return sync;
    }

    @Override
    public AsyncLookupFunction createAsyncLookupFunction() {
      return async;
    }
  }

  /** {@link Both} with Flink's partial cache around either function. */
  static final class BothCaching extends Both
      implements PartialCachingLookupProvider, PartialCachingAsyncLookupProvider {
    private final LookupCache cache;

    private BothCaching(LookupFunction sync, AsyncLookupFunction async, LookupCache cache) {
      super(sync, async);
      this.cache = cache;
    }

    @Override
    public LookupCache getCache() {
      return cache;
    }
  }
}
