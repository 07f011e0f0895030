"""Text analysis shared by the index and the query side: Thai script, the word list, the analyzer."""
