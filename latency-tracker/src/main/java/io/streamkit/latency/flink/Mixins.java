package io.streamkit.latency.flink;

import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Wraps a source or sink in a proxy that implements exactly the public interfaces the original
 * does. Flink's source and sink APIs are sets of mix-in interfaces ({@code SupportsCommitter},
 * {@code SupportsWriterState}, {@code SupportsPostCommitTopology}, {@code LineageVertexProvider},
 * {@code ResultTypeQueryable}, ...) that Flink discovers with {@code instanceof}; a proxy keeps
 * that set whatever the connector combines, where a wrapper class would need one subclass per
 * combination. Only planning-time and set-up calls go through the proxy; the per-record path is in
 * plain classes (the reader and writer wrappers).
 */
final class Mixins {
  private Mixins() {}

  /** What a wrapper changes; every call it does not handle goes to the wrapped object. */
  interface Interceptor extends Serializable {
    /** The result of {@code method}, or {@link #PASS} to let the wrapped object answer. */
    Object intercept(Method method, Object[] args) throws Exception;
  }

  static final Object PASS = new Object();

  @SuppressWarnings("unchecked")
  static <T> T wrap(T inner, Interceptor interceptor) {
    Set<Class<?>> interfaces = new LinkedHashSet<>();
    for (Class<?> c = inner.getClass(); c != null; c = c.getSuperclass()) {
      collectPublic(c.getInterfaces(), interfaces);
    }
    interfaces.removeIf(i -> narrowsAnother(i, interfaces));
    return (T)
        Proxy.newProxyInstance(
            inner.getClass().getClassLoader(),
            interfaces.toArray(Class<?>[]::new),
            new Handler(inner, interceptor));
  }

  /** Whether {@code object} is a wrapper made by {@link #wrap}. */
  static boolean isWrapped(Object object) {
    return Proxy.isProxyClass(object.getClass())
        && Proxy.getInvocationHandler(object) instanceof Handler;
  }

  // A non-public interface cannot be proxied from another package; its public super-interfaces,
  // which are what Flink checks, are kept.
  private static void collectPublic(Class<?>[] candidates, Set<Class<?>> into) {
    for (Class<?> i : candidates) {
      if (Modifier.isPublic(i.getModifiers())) {
        into.add(i);
      }
      collectPublic(i.getInterfaces(), into);
    }
  }

  // A connector's own sub-interface that re-declares Flink's methods with narrower return types
  // (KafkaSink's TwoPhaseCommittingStatefulSink: createWriter returns its own writer type) would
  // make the proxy demand that type from our wrapper. Flink checks only its own interfaces, so such
  // a sub-interface is left out and the Flink interfaces it extends are kept.
  private static boolean narrowsAnother(Class<?> candidate, Set<Class<?>> all) {
    for (Method m : candidate.getDeclaredMethods()) {
      for (Class<?> other : all) {
        if (other != candidate && other.isAssignableFrom(candidate)) {
          try {
            if (other.getMethod(m.getName(), m.getParameterTypes()).getReturnType()
                != m.getReturnType()) {
              return true;
            }
          } catch (NoSuchMethodException e) {
            // not a re-declaration
          }
        }
      }
    }
    return false;
  }

  private static final class Handler implements InvocationHandler, Serializable {
    private static final long serialVersionUID = 1L;
    private final Object inner;
    private final Interceptor interceptor;

    Handler(Object inner, Interceptor interceptor) {
      this.inner = inner;
      this.interceptor = interceptor;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getDeclaringClass() == Object.class) {
        switch (method.getName()) {
          case "equals":
            return proxy == args[0];
          case "hashCode":
            return System.identityHashCode(proxy);
          case "toString":
            return "LatencyTracked(" + inner + ")";
          default:
            break;
        }
      }
      Object result = interceptor.intercept(method, args);
      if (result != PASS) {
        return result;
      }
      try {
        return method.invoke(inner, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
