package io.streamkit.submitter;

import io.streamkit.catalog.CatalogFunctionWrapper;
import java.io.PrintWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.jar.JarFile;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.catalog.CatalogFunctionImpl;
import org.apache.flink.table.catalog.FunctionLanguage;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.FunctionNotExistException;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.functions.UserDefinedFunction;
import org.apache.flink.table.resource.ResourceType;
import org.apache.flink.table.resource.ResourceUri;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code streamkit function ...}: user functions in the metadata centre, their jars in the
 * catalog's artifact store (docs/catalog.md#functions).
 */
@Command(
    name = "function",
    mixinStandardHelpOptions = true,
    description = "User-defined functions in the streamkit catalog, with their jars.",
    subcommands = {
      FunctionCommand.Create.class,
      FunctionCommand.ListFunctions.class,
      FunctionCommand.Describe.class,
      FunctionCommand.Drop.class
    })
final class FunctionCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** Where a function lives: {@code --database}, else the catalog's default database. */
  static final class Where {
    @Option(
        names = "--database",
        paramLabel = "DB",
        description = "Database of the function (default: the catalog's default database).")
    String database;

    ObjectPath path(Catalog catalog, String name) {
      return new ObjectPath(database != null ? database : catalog.getDefaultDatabase(), name);
    }
  }

  static Catalog openCatalog(Configuration conf) {
    Catalog catalog =
        FactoryUtil.createCatalog(
            conf.get(StreamkitOptions.CATALOG_NAME),
            SqlSession.catalogOptions(conf),
            conf,
            FunctionCommand.class.getClassLoader());
    catalog.open();
    return catalog;
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Register a function: its jar is checked (the class must be there and be a Flink"
            + " function, or a Hive UDF/GenericUDF/GenericUDTF/UDAF where hive-functions is"
            + " installed),"
            + " then copied into the catalog's artifact store and the function stored.",
        "Exit code: 0 when stored, 1 when refused (nothing is stored), 2 on bad usage."
      })
  static final class Create implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin SessionOptions session;

    @Mixin Where where;

    @Parameters(paramLabel = "NAME", description = "Function name.")
    String name;

    @Option(names = "--class", required = true, paramLabel = "CLASS", description = "Class name.")
    String className;

    @Option(names = "--jar", required = true, paramLabel = "FILE", description = "The jar.")
    Path jar;

    @Option(names = "--language", defaultValue = "JAVA", description = "JAVA (default) or SCALA.")
    FunctionLanguage language;

    @Option(names = "--force", description = "Replace a function of that name.")
    boolean force;

    @Option(
        names = "--description",
        paramLabel = "TEXT",
        description = "What the function does (kept as its 'description' option).")
    String description;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (language == FunctionLanguage.PYTHON) {
        throw new UsageException("--language PYTHON is not supported; use JAVA or SCALA.");
      }
      String problem = check(jar, className);
      if (problem != null) {
        err.println("Function " + name + " refused, nothing stored: " + problem);
        return 1;
      }
      Map<String, String> options = new HashMap<>();
      if (description != null) {
        options.put("description", description);
      }
      CatalogFunction function =
          new CatalogFunctionImpl(
              className,
              language,
              List.of(new ResourceUri(ResourceType.JAR, jar.toAbsolutePath().toUri().toString())),
              options);
      Catalog catalog = openCatalog(session.configuration());
      try {
        ObjectPath path = where.path(catalog, name);
        if (catalog.functionExists(path)) {
          if (!force) {
            err.println(
                "Function "
                    + path.getFullName()
                    + " exists already; --force replaces it. Nothing stored.");
            return 1;
          }
          catalog.alterFunction(path, function, false);
        } else {
          catalog.createFunction(path, function, false);
        }
        CatalogFunction stored = catalog.getFunction(path);
        out.println(
            (force ? "Stored (replaced if it existed) " : "Stored ")
                + path.getFullName()
                + " = "
                + className
                + " from "
                + stored.getFunctionResources().get(0).getUri());
        return 0;
      } finally {
        catalog.close();
      }
    }
  }

  /**
   * Why the class cannot be a function, or null: it must be in the jar (or on this class path) and
   * be a Flink function or one a catalog function wrapper (Hive) knows.
   */
  static String check(Path jar, String className) {
    if (!Files.isRegularFile(jar)) {
      return "--jar " + jar + " does not exist.";
    }
    try (JarFile ignored = new JarFile(jar.toFile())) {
      // a readable jar
    } catch (java.io.IOException e) {
      return jar + " is not a jar (" + e.getMessage() + ").";
    }
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {jar.toUri().toURL()}, FunctionCommand.class.getClassLoader())) {
      Class<?> c;
      try {
        c = Class.forName(className, false, loader);
      } catch (ClassNotFoundException e) {
        return "class " + className + " is not in " + jar + ".";
      } catch (LinkageError e) {
        return "class "
            + className
            + " needs a class that is not on the class path ("
            + e.getMessage()
            + "): put the library it extends (e.g. hive-exec for Hive UDFs) into lib/.";
      }
      if (UserDefinedFunction.class.isAssignableFrom(c)) {
        return null;
      }
      for (CatalogFunctionWrapper wrapper :
          ServiceLoader.load(CatalogFunctionWrapper.class, loader)) {
        if (wrapper.wrap("check", c, loader).isPresent()) {
          return null;
        }
      }
      return "class "
          + className
          + " is not a function: it extends neither a Flink UserDefinedFunction (ScalarFunction,"
          + " TableFunction, AggregateFunction, ...) nor a Hive UDF, GenericUDF, GenericUDTF,"
          + " UDAF or GenericUDAFResolver2.";
    } catch (java.io.IOException e) {
      return "cannot read " + jar + ": " + e.getMessage();
    } catch (RuntimeException e) {
      return e.getMessage();
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the functions.")
  static final class ListFunctions implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin SessionOptions session;

    @Mixin Where where;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      Catalog catalog = openCatalog(session.configuration());
      try {
        String db = where.database != null ? where.database : catalog.getDefaultDatabase();
        for (String fn : catalog.listFunctions(db)) {
          CatalogFunction f = catalog.getFunction(new ObjectPath(db, fn));
          out.println(db + "." + fn + "\t" + f.getClassName() + "\t" + f.getFunctionLanguage());
        }
        return 0;
      } finally {
        catalog.close();
      }
    }
  }

  @Command(
      name = "describe",
      mixinStandardHelpOptions = true,
      description = "Show a function: class, language, jars, options.")
  static final class Describe implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin SessionOptions session;

    @Mixin Where where;

    @Parameters(paramLabel = "NAME", description = "Function name.")
    String name;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      Catalog catalog = openCatalog(session.configuration());
      try {
        ObjectPath path = where.path(catalog, name);
        CatalogFunction f;
        try {
          f = catalog.getFunction(path);
        } catch (FunctionNotExistException e) {
          spec.commandLine().getErr().println(e.getMessage());
          return 1;
        }
        out.println("name:      " + path.getFullName());
        out.println("class:     " + f.getClassName());
        out.println("language:  " + f.getFunctionLanguage());
        f.getFunctionResources().forEach(r -> out.println("jar:       " + r.getUri()));
        f.getOptions().forEach((k, v) -> out.println(k + ": " + v));
        return 0;
      } finally {
        catalog.close();
      }
    }
  }

  @Command(name = "drop", mixinStandardHelpOptions = true, description = "Drop a function.")
  static final class Drop implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin SessionOptions session;

    @Mixin Where where;

    @Parameters(paramLabel = "NAME", description = "Function name.")
    String name;

    @Option(names = "--if-exists", description = "No error when there is no such function.")
    boolean ifExists;

    @Override
    public Integer call() throws Exception {
      Catalog catalog = openCatalog(session.configuration());
      try {
        ObjectPath path = where.path(catalog, name);
        try {
          catalog.dropFunction(path, ifExists);
        } catch (FunctionNotExistException e) {
          spec.commandLine().getErr().println(e.getMessage());
          return 1;
        }
        spec.commandLine().getOut().println("Dropped " + path.getFullName());
        return 0;
      } finally {
        catalog.close();
      }
    }
  }
}
