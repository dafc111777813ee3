public enum _PlaceholderTandemWeb {}
