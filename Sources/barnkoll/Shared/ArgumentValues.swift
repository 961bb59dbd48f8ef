import ArgumentParser
import BarnkollCore
import Foundation
import Terminal

extension Language: ExpressibleByArgument {}

extension Theme: ExpressibleByArgument {}

/// `barnkoll admin`: roles. The account that creates a store is its first admin.
extension Role: ExpressibleByArgument {}
