import BarnkollPostgres
import Testing

/// A store location is a PostgreSQL database when it reads as libpq's URI or key=value string, else a file.
@Suite struct StoreLocation {
    @Test func connectionStringsAreToldFromFilePaths() {
        for database in ["postgresql:///barnkoll", "postgres://db.example/barnkoll", "dbname=barnkoll",
                         "  host=/run/postgresql dbname=barnkoll", "service_name = barnkoll", "dbname\t=x"] {
            #expect(PostgresStore.isConnectionString(database), "\(database)")
        }
        for file in ["barnkoll.sqlite", "/srv/barnkoll/norr.sqlite", "./a=b.sqlite", "Dbname=x", "=x", " = x",
                     "dbname", "", "data base=x", "dbname2=x", "postgresql:/x"] {
            #expect(!PostgresStore.isConnectionString(file), "\(file)")
        }
    }
}
